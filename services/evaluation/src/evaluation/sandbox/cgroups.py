"""A cgroup per run for the memory and process limits (v1 or v2), emptied and removed afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import uuid
from dataclasses import dataclass
from pathlib import Path

from evaluation.sandbox.models import SandboxUnavailable

ROOT = Path("/sys/fs/cgroup")
PARENT = "whetstone-sandbox"


@dataclass(frozen=True)
class CgroupLayout:
    version: int
    memory: Path  # the parent of every run's group
    pids: Path  # the same folder on v2


def detect(root: Path = ROOT) -> CgroupLayout:
    """This host's writable layout, with our parent group made; else SandboxUnavailable."""
    try:
        if (root / "cgroup.controllers").exists():
            parent = root / PARENT
            parent.mkdir(exist_ok=True)
            # A v2 group only limits memory and pids when its parent hands them down.
            for group in (root, parent):
                (group / "cgroup.subtree_control").write_text("+memory +pids")
            return CgroupLayout(2, parent, parent)
        memory, pids = root / "memory" / PARENT, root / "pids" / PARENT
        memory.mkdir(exist_ok=True)
        pids.mkdir(exist_ok=True)
        return CgroupLayout(1, memory, pids)
    except OSError as error:
        raise SandboxUnavailable(
            f"no writable memory and pids cgroup under {root}: {error}"
        ) from error


class RunCgroup:
    """One run's group(s): limits, peak memory, OOM kills, killing what is left, removal."""

    def __init__(self, layout: CgroupLayout, *, memory_bytes: int, max_pids: int) -> None:
        self.layout = layout
        name = uuid.uuid4().hex
        self.memory = layout.memory / name
        self.pids = layout.pids / name
        self.groups = [self.memory] if self.memory == self.pids else [self.memory, self.pids]
        self._peak_fd: int | None = None
        for group in self.groups:
            group.mkdir()
        try:
            self._limit(memory_bytes, max_pids)
        except OSError:
            for group in self.groups:
                group.rmdir()
            raise

    def _limit(self, memory_bytes: int, max_pids: int) -> None:
        (self.pids / "pids.max").write_text(str(max_pids))
        if self.layout.version == 2:
            (self.memory / "memory.max").write_text(str(memory_bytes))
            _write_optional(self.memory / "memory.swap.max", "0")
            _write_optional(self.memory / "memory.oom.group", "1")  # an OOM ends the whole run
            self._peak = self.memory / "memory.peak"
            # A v2 peak resets per open file (kernel 6.12+), so keep one open for the run.
            with contextlib.suppress(OSError):
                self._peak_fd = os.open(self._peak, os.O_RDWR | os.O_CLOEXEC)
        else:
            (self.memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            _write_optional(self.memory / "memory.memsw.limit_in_bytes", str(memory_bytes))
            _write_optional(self.memory / "memory.swappiness", "0")
            self._peak = self.memory / "memory.max_usage_in_bytes"

    def join(self, pid: int) -> None:
        """Move a process in; what it forks afterwards is born inside."""
        for group in self.groups:
            (group / "cgroup.procs").write_text(str(pid))

    def reset_peak(self) -> None:
        """Start a new peak for the next test (v1 always; v2 on kernels that allow it)."""
        if self._peak_fd is not None:
            with contextlib.suppress(OSError):
                os.write(self._peak_fd, b"reset")
        elif self.layout.version == 1:
            _write_optional(self._peak, "0")

    def peak_kb(self) -> int | None:
        with contextlib.suppress(OSError, ValueError):
            if self._peak_fd is not None:
                return int(os.pread(self._peak_fd, 64, 0)) // 1024
            return int(self._peak.read_text()) // 1024
        return None

    def oom_kills(self) -> int:
        name = "memory.events" if self.layout.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (self.memory / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        return 0

    async def kill_all(self) -> None:
        """SIGKILL everything still inside, daemons that left the session included."""
        if self.layout.version == 2:
            _write_optional(self.memory / "cgroup.kill", "1")
        for _ in range(1000):
            pids = self._pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.001)

    async def remove(self) -> None:
        await self.kill_all()
        if self._peak_fd is not None:
            os.close(self._peak_fd)
            self._peak_fd = None
        for group in self.groups:
            for _ in range(2000):  # the kernel lets go of a group shortly after its last exit
                try:
                    group.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    await asyncio.sleep(0.001)

    def _pids(self) -> set[int]:
        found: set[int] = set()
        for group in self.groups:
            with contextlib.suppress(OSError):
                found |= {int(pid) for pid in (group / "cgroup.procs").read_text().split()}
        return found


def _write_optional(path: Path, value: str) -> None:
    with contextlib.suppress(OSError):
        path.write_text(value)
