"""The bubblewrap argument list is the security policy: any change to it must be deliberate."""

from evaluation.sandbox.policy import SystemMount, bwrap_command, system_mounts

GOLDEN = [
    "/usr/bin/bwrap",
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--uid",
    "65534",
    "--gid",
    "65534",
    "--cap-drop",
    "ALL",
    "--hostname",
    "sandbox",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin:/bin",
    "--setenv",
    "HOME",
    "/work",
    "--setenv",
    "LANG",
    "C.UTF-8",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/bin",
    "/bin",
    "--ro-bind",
    "/opt/python",
    "/opt/python",
    "--ro-bind",
    "/srv/harness",
    "/harness",
    "--bind",
    "/var/run-1",
    "/work",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    "268435456",
    "--tmpfs",
    "/tmp",
    "--chdir",
    "/work",
    "--info-fd",
    "7",
    "--block-fd",
    "8",
    "--",
    "/opt/python/bin/python3",
    "-I",
    "/harness/harness.py",
]


def policy(**changes: object) -> list[str]:
    arguments: dict[str, object] = {
        "bwrap": "/usr/bin/bwrap",
        "system": [SystemMount("/usr"), SystemMount("/bin", "usr/bin")],
        "read_only": [("/opt/python", "/opt/python"), ("/srv/harness", "/harness")],
        "work_dir": "/var/run-1",
        "tmp_bytes": 256 * 2**20,
        "info_fd": 7,
        "block_fd": 8,
        "command": ["/opt/python/bin/python3", "-I", "/harness/harness.py"],
    }
    return bwrap_command(**{**arguments, **changes})  # type: ignore[arg-type]


def test_the_policy_is_pinned() -> None:
    assert policy() == GOLDEN


def test_only_the_work_folder_is_writable_and_there_is_no_network() -> None:
    argv = policy()
    assert [argv[i + 1] for i, arg in enumerate(argv) if arg in ("--bind", "--dev-bind")] == [
        "/var/run-1"
    ]
    assert "--share-net" not in argv
    assert not [arg for arg in argv if arg.endswith("-try")]


def test_the_command_comes_last_so_it_cannot_add_options() -> None:
    argv = policy(command=["/bin/true", "--bind", "/", "/"])
    assert argv[argv.index("--") + 1 :] == ["/bin/true", "--bind", "/", "/"]


def test_merged_usr_folders_become_links_not_second_binds() -> None:
    mounts = {mount.path: mount for mount in system_mounts()}
    assert mounts["/usr"].symlink_to is None
    assert all(mount.path in ("/usr", "/bin", "/lib", "/lib64") for mount in mounts.values())
