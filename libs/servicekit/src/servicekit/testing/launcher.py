"""`make run`'s launcher as a process, for end-to-end tests that start, break and stop it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from servicekit.devstack import BROKER_STOP_GRACE_SECONDS, DEFAULT_PORTS, STOP_GRACE_SECONDS
from servicekit.testing.infra import free_port

BANNER_END = "Press Ctrl-C to stop."
# The launcher's own stop is bounded by these graces; twice that leaves room for a loaded machine.
STOP_BOUND_SECONDS = 2 * (STOP_GRACE_SECONDS + BROKER_STOP_GRACE_SECONDS)


def free_ports() -> dict[str, int]:
    return {name: free_port() for name in DEFAULT_PORTS}


def listening(ports: dict[str, int]) -> list[int]:
    """The ports something still accepts connections on."""
    taken = []
    for port in ports.values():
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                taken.append(port)
    return taken


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def eventually(condition: Callable[[], bool], within: float = 30) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class Launcher:
    """`python -m servicekit.devstack` on the given ports; its output is read as it comes."""

    def __init__(
        self,
        data_dir: Path,
        ports: dict[str, int],
        *,
        log_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.ports = ports
        environment = {**os.environ, "WHETSTONE_DATA_DIR": str(data_dir), **(env or {})}
        environment.pop("KAFKA_BOOTSTRAP_SERVERS", None)  # the launcher starts its own broker
        environment.update({f"{name.upper()}_PORT": str(port) for name, port in ports.items()})
        args = [sys.executable, "-m", "servicekit.devstack"]
        if log_dir is not None:
            args += ["--log-dir", str(log_dir)]
        self.process = subprocess.Popen(
            args,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._lines.append("")  # end of output
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "".join(self._lines)

    def wait_for(self, text: str, timeout: float = 180) -> str:
        """Wait until the output shows `text` (a regular expression); return its match."""
        pattern = re.compile(text)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if match := pattern.search("".join(self._lines)):
                    return match.group(0)
                remaining = deadline - time.monotonic()
                ended = self._lines and self._lines[-1] == ""
                if remaining <= 0 or ended:
                    tail = "".join(self._lines[-40:])
                    raise AssertionError(f"no {text!r} in the launcher's output:\n{tail}")
                self._changed.wait(remaining)

    def wait_until_running(self) -> None:
        self.wait_for(re.escape(BANNER_END))

    def pid_of(self, name: str) -> int:
        """The pid the banner gives a part of the platform."""
        return int(self.wait_for(rf"\s{name}\s+pid (\d+)").split()[-1])

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def interrupt(self, timeout: float = 60) -> int:
        """Ctrl-C, as from the terminal; returns the exit code."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the launcher alone: its children must go by themselves."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Ctrl-C if still running, then SIGKILL if it does not stop in time; again is a no-op."""
        if not self.running:  # reaped now: its pid (the group's id) may be reused, never signal it
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=STOP_BOUND_SECONDS)
        except subprocess.TimeoutExpired:
            # the services run in sessions of their own, but die with the launcher (die_with_parent)
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Launchers:
    """Hands out Launchers; on exit stops every one still running, however the test ended."""

    def __init__(self) -> None:
        self._started: list[Launcher] = []

    def __call__(
        self,
        data_dir: Path,
        ports: dict[str, int],
        *,
        log_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Launcher:
        launcher = Launcher(data_dir, ports, log_dir=log_dir, env=env)
        self._started.append(launcher)
        return launcher

    def __enter__(self) -> Launchers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with contextlib.ExitStack() as stops:  # one that fails to stop does not keep the rest up
            for launcher in self._started:
                stops.callback(launcher.stop)
