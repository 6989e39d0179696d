"""The bubblewrap argument list: this is the sandbox's security policy, pinned by a golden test."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

SANDBOX_UID = 65534  # nobody
WORK = "/work"
HARNESS = "/harness"
TOOLS = "/opt/tools"
SYSTEM_DIRS = ("/usr", "/bin", "/lib", "/lib64", "/sbin")
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8", "TMPDIR": "/tmp"}  # noqa: S108  inside the sandbox


def bwrap_command(
    *,
    bwrap: str,
    work_dir: Path,
    harness_dir: Path,
    runtime_dirs: Sequence[Path],
    tools_dir: Path | None,
    command: Sequence[str],
) -> list[str]:
    """No network, read-only system, private /work and /tmp, own PID namespace, nobody, no env."""
    args = [
        bwrap,
        "--unshare-all",  # net, pid, ipc, uts, user, cgroup namespaces: no network at all
        "--die-with-parent",
        "--new-session",  # no TIOCSTI into a terminal
        "--cap-drop",
        "ALL",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--hostname",
        "sandbox",
        "--clearenv",  # bubblewrap keeps its own environment otherwise: secrets must not pass
    ]
    for name, value in ENVIRONMENT.items():
        args += ["--setenv", name, value]
    for path in SYSTEM_DIRS:
        args += _mount_system_dir(path)
    for runtime in runtime_dirs:
        args += ["--ro-bind", str(runtime), str(runtime)]
    if tools_dir is not None:
        args += ["--ro-bind", str(tools_dir), TOOLS]
    args += [
        "--ro-bind",
        str(harness_dir),
        HARNESS,
        "--bind",
        str(work_dir),
        WORK,
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",  # noqa: S108  a private tmpfs
        "--chdir",
        WORK,
        "--",
        *command,
    ]
    return args


def _mount_system_dir(path: str) -> list[str]:
    # Debian's merged /usr makes /bin, /lib... symlinks: recreate them, never bind twice.
    if os.path.islink(path):
        return ["--symlink", os.readlink(path), path]
    if os.path.isdir(path):
        return ["--ro-bind", path, path]
    return []
