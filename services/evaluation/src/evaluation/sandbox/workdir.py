"""The run's private work folder on the host: written before the run, never read after it.

The learner's code may leave symlinks, FIFOs or odd permissions in it (Judge0's
CVE-2024-28185/28189 came from a host following such links), so the host only writes into a
folder it has just made, never opens anything in it once code has run, and removes it with
shutil.rmtree's file-descriptor walk, which unlinks symlinks without following them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from evaluation.sandbox.models import SandboxUnavailable

FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def make_work_dir(root: Path | None) -> Path:
    if not shutil.rmtree.avoids_symlink_attacks:
        raise SandboxUnavailable("this platform's rmtree would follow symlinks")
    return Path(tempfile.mkdtemp(prefix="run-", dir=root))


def write_files(work_dir: Path, files: Mapping[str, str]) -> None:
    """Write each file under the folder, refusing paths that would leave it or follow a link."""
    for name, content in files.items():
        parts = _relative_parts(name)
        folder = os.open(work_dir, os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            for part in parts[:-1]:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=folder)
                inner = os.open(part, os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
                os.close(folder)
                folder = inner
            fd = os.open(parts[-1], FILE_FLAGS, 0o644, dir_fd=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(content)
        finally:
            os.close(folder)


def _relative_parts(name: str) -> list[str]:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or "\0" in name:
        raise ValueError(f"a project file must stay inside the project: {name!r}")
    return [part for part in path.parts if part != "."]


def remove_work_dir(work_dir: Path) -> None:
    """Remove the folder once nothing of the run is alive; symlinks are unlinked, not followed."""

    def allow_and_retry(function: Callable[..., Any], path: str, _: Any) -> None:
        # Run as an unprivileged user, the code may have left folders we may not list or empty
        # (chmod 000). Every process of the run is dead, so nothing can swap these paths, and
        # rmtree reports only entries it reached through real folders.
        if not os.path.lexists(path):
            return
        parent = os.path.dirname(path)
        if Path(parent).is_relative_to(work_dir):
            os.chmod(parent, stat.S_IRWXU)
        if function in (os.unlink, os.rmdir) or os.path.islink(path):
            (os.rmdir if function is os.rmdir else os.unlink)(path)
        else:  # a folder we could not open or list
            os.chmod(path, stat.S_IRWXU)
            shutil.rmtree(path, onerror=allow_and_retry)

    shutil.rmtree(work_dir, onerror=allow_and_retry)
