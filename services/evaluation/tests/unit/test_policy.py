"""The bubblewrap argument list is the security policy: any change to it must be deliberate."""

from pathlib import Path

from evaluation.sandbox.policy import bwrap_command

GOLDEN = [
    "/usr/bin/bwrap",
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--uid",
    "65534",
    "--gid",
    "65534",
    "--hostname",
    "sandbox",
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
    "--setenv",
    "TMPDIR",
    "/tmp",
]
TAIL = [
    "--ro-bind",
    "/opt/python",
    "/opt/python",
    "--ro-bind",
    "/srv/tools",
    "/opt/tools",
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
    "--tmpfs",
    "/tmp",
    "--chdir",
    "/work",
    "--",
    "/opt/python/bin/python3",
    "-I",
    "/harness/harness.py",
]


def test_the_policy_is_pinned() -> None:
    argv = bwrap_command(
        bwrap="/usr/bin/bwrap",
        work_dir=Path("/var/run-1"),
        harness_dir=Path("/srv/harness"),
        runtime_dirs=[Path("/opt/python")],
        tools_dir=Path("/srv/tools"),
        command=["/opt/python/bin/python3", "-I", "/harness/harness.py"],
    )
    assert argv[: len(GOLDEN)] == GOLDEN
    assert argv[-len(TAIL) :] == TAIL
    system = argv[len(GOLDEN) : -len(TAIL)]
    # only the system folders, read-only or as the symlinks merged /usr makes them
    assert system[:3] == ["--ro-bind", "/usr", "/usr"]
    for i in range(3, len(system), 3):
        assert system[i] in ("--ro-bind", "--symlink")
        assert system[i + 2] in ("/bin", "/lib", "/lib64", "/sbin")


def test_nothing_writable_but_the_work_folder_and_private_tmp() -> None:
    argv = bwrap_command(
        bwrap="bwrap",
        work_dir=Path("/w"),
        harness_dir=Path("/h"),
        runtime_dirs=[],
        tools_dir=None,
        command=["x"],
    )
    writable = [argv[i + 1] for i, arg in enumerate(argv) if arg == "--bind"]
    assert writable == ["/w"]
    assert "--share-net" not in argv
    assert "--unshare-all" in argv
