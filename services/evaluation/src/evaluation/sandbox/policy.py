"""The bubblewrap argument list: the sandbox's security policy, pinned by a golden test.

Who runs inside: uid and gid 65534 (nobody) in a user namespace of bubblewrap's own, with no
capabilities and no way to make another user namespace. Run by root (as here), bubblewrap maps
that uid onto root's own outside, so the walls are the namespaces, not the uid: no network,
its own PID, IPC and UTS namespaces, read-only system folders, a private /work and /tmp, no
capabilities (bounding set empty), no new privileges, nosuid mounts and no new user namespace,
which is what rules out the usual ways back to privilege. Run by an unprivileged service user
(as in the container image), the same arguments map it onto that user.

The alternatives tried, and why not: `setpriv` inside a bubblewrap without a user namespace gives
a truly unprivileged host uid, but then the code may create user namespaces (the door most
kernel exploits use) and `--disable-userns` needs bubblewrap's own user namespace; writing a
65534->65534 map ourselves through `--userns-block-fd` is refused together with
`--disable-userns`; and bubblewrap started as uid 65534 cannot reach an interpreter under
/root (pyenv), because it resolves every bind source as that user.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

SANDBOX_ID = "65534"  # nobody
WORK = "/work"
HARNESS = "/harness"
ESBUILD = "/opt/esbuild"
ENVIRONMENT = (("PATH", "/usr/bin:/bin"), ("HOME", WORK), ("LANG", "C.UTF-8"))
SYSTEM_DIRS = ("/usr", "/bin", "/lib", "/lib64")


@dataclass(frozen=True)
class SystemMount:
    path: str
    symlink_to: str | None = None  # merged /usr: recreate the link instead of binding twice


def system_mounts() -> list[SystemMount]:
    """This host's system folders, as the sandbox needs them (read-only, or as links)."""
    mounts = []
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            mounts.append(SystemMount(path, os.readlink(path)))
        elif os.path.isdir(path):
            mounts.append(SystemMount(path))
    return mounts


def bwrap_command(
    *,
    bwrap: str,
    system: Sequence[SystemMount],
    read_only: Sequence[tuple[str, str]],
    work_dir: str,
    tmp_bytes: int,
    info_fd: int,
    block_fd: int,
    command: Sequence[str],
) -> list[str]:
    """The bwrap argv; `read_only` are (host path, sandbox path) pairs: runtime, harness, tools."""
    args = [
        bwrap,
        "--unshare-all",  # network, PID, IPC, UTS and cgroup namespaces: no network at all
        "--unshare-user",  # explicit: --unshare-all only tries, and the lines below need it
        "--disable-userns",  # no nested user namespace, so no capabilities to win back
        "--uid",
        SANDBOX_ID,
        "--gid",
        SANDBOX_ID,
        "--cap-drop",
        "ALL",
        "--hostname",
        "sandbox",  # not the host's name
        "--die-with-parent",  # if the service dies, the sandbox dies with it
        "--new-session",  # no TIOCSTI into a terminal
        "--clearenv",  # bubblewrap passes its own environment on otherwise
    ]
    for name, value in ENVIRONMENT:
        args += ["--setenv", name, value]
    for mount in system:
        if mount.symlink_to is None:
            args += ["--ro-bind", mount.path, mount.path]
        else:
            args += ["--symlink", mount.symlink_to, mount.path]
    for source, target in read_only:
        args += ["--ro-bind", source, target]
    args += [
        "--bind",
        work_dir,
        WORK,
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(tmp_bytes),
        "--tmpfs",
        "/tmp",  # noqa: S108  a private tmpfs inside the sandbox
        "--chdir",
        WORK,
        # The host learns the sandbox's PID 1 here, moves it into the run's cgroup and sets its
        # rlimits while it waits on block_fd, before any code of the learner exists.
        "--info-fd",
        str(info_fd),
        "--block-fd",
        str(block_fd),
        "--",
        *command,
    ]
    return args
