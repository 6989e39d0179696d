"""A cgroup per run for memory and process limits (v1 or v2), killed and removed afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
GROUP = "whetstone-sandbox"


@dataclass(frozen=True)
class CgroupLayout:
    version: int
    memory: Path  # parent folder for per-run groups
    pids: Path


def detect(root: Path = ROOT) -> CgroupLayout | None:
    """The writable cgroup layout of this host, or None when there is none."""
    if (root / "cgroup.controllers").exists():  # v2
        parent = root / GROUP
        try:
            parent.mkdir(exist_ok=True)
            (root / "cgroup.subtree_control").write_text("+memory +pids")
            (parent / "cgroup.subtree_control").write_text("+memory +pids")
        except OSError:
            return None
        return CgroupLayout(2, parent, parent)
    memory, pids = root / "memory" / GROUP, root / "pids" / GROUP
    try:
        memory.mkdir(exist_ok=True)
        pids.mkdir(exist_ok=True)
    except OSError:
        return None
    return CgroupLayout(1, memory, pids)


class RunCgroup:
    """One run's cgroup(s): limits, joining by the sandbox process, peak memory, OOM, cleanup."""

    def __init__(self, layout: CgroupLayout, *, memory_bytes: int, max_pids: int) -> None:
        self.layout = layout
        name = uuid.uuid4().hex
        self.memory = layout.memory / name
        self.pids = layout.pids / name
        self.memory.mkdir()
        if self.pids != self.memory:
            self.pids.mkdir()
        if layout.version == 2:
            self._write(self.memory / "memory.max", str(memory_bytes))
            self._write(self.memory / "memory.swap.max", "0", optional=True)
            self._write(self.pids / "pids.max", str(max_pids))
        else:
            self._write(self.memory / "memory.limit_in_bytes", str(memory_bytes))
            self._write(
                self.memory / "memory.memsw.limit_in_bytes", str(memory_bytes), optional=True
            )
            self._write(self.pids / "pids.max", str(max_pids))

    def procs_files(self) -> list[Path]:
        files = [self.memory / "cgroup.procs"]
        if self.pids != self.memory:
            files.append(self.pids / "cgroup.procs")
        return files

    def peak_kb(self) -> int | None:
        name = "memory.peak" if self.layout.version == 2 else "memory.max_usage_in_bytes"
        with contextlib.suppress(OSError, ValueError):
            return int((self.memory / name).read_text()) // 1024
        return None

    def oom_killed(self) -> bool:
        # v2 counts kills in memory.events, v1 in memory.oom_control (failcnt stays 0 there)
        name = "memory.events" if self.layout.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError):
            for line in (self.memory / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        return False

    def kill_all(self) -> None:
        """SIGKILL every process left in the group (daemons that outlived the run included)."""
        if self.layout.version == 2:
            with contextlib.suppress(OSError):
                (self.memory / "cgroup.kill").write_text("1")
        for _ in range(50):
            pids = self._pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)

    def remove(self) -> None:
        self.kill_all()
        for folder in {self.memory, self.pids}:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)

    def _pids(self) -> list[int]:
        found: set[int] = set()
        for procs in self.procs_files():
            with contextlib.suppress(OSError):
                found |= {int(p) for p in procs.read_text().split()}
        return sorted(found)

    @staticmethod
    def _write(path: Path, value: str, *, optional: bool = False) -> None:
        try:
            path.write_text(value)
        except OSError:
            if not optional:
                raise
