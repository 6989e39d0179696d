"""The launcher's supervision on real processes: restarts with a cap, bounded stops, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from servicekit import devstack
from servicekit.devstack import GaveUp, Stack, StackConfig
from servicekit.testing.launcher import alive, eventually

EXITS_AT_ONCE = [sys.executable, "-c", "raise SystemExit(3)"]
IGNORES_SIGTERM = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True);"
    " time.sleep(600)",
]


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devstack, "FIRST_RESTART_DELAY_SECONDS", 0.01)
    monkeypatch.setattr(devstack, "MAX_RESTART_DELAY_SECONDS", 0.05)
    monkeypatch.setattr(devstack, "STOP_GRACE_SECONDS", 0.5)


@pytest.fixture
def stack(tmp_path: Path) -> Stack:
    return Stack(StackConfig(data_dir=tmp_path, log_dir=tmp_path / "logs"))


def test_a_child_that_dies_is_restarted(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    child = stack.spawn("worker", IGNORES_SIGTERM, dict(os.environ))
    first = child.process.pid
    os.kill(first, signal.SIGKILL)
    child.process.wait()

    def restarted() -> bool:
        stack.supervise()
        return child.process.pid != first

    assert eventually(restarted)
    assert child.process.poll() is None
    assert "worker exited with code -9; restarting" in capsys.readouterr().out
    stack.stop()


def test_a_child_that_keeps_dying_makes_the_launcher_give_up(stack: Stack) -> None:
    stack.spawn("crasher", EXITS_AT_ONCE, dict(os.environ))

    def supervised() -> bool:
        stack.supervise()
        return False

    with pytest.raises(GaveUp, match="crasher exited 6 times"):
        eventually(supervised)
    stack.stop()


def test_a_stop_kills_what_ignores_sigterm_after_the_grace_period(stack: Stack) -> None:
    child = stack.spawn("stubborn", IGNORES_SIGTERM, dict(os.environ))
    assert eventually(lambda: (Path(stack.config.log_dir or "") / "stubborn.log").read_text() != "")
    stack.stop()
    assert child.process.returncode == -signal.SIGKILL


def test_children_die_with_a_sigkilled_parent(tmp_path: Path) -> None:
    """A parent spawning through die_with_parent, SIGKILLed: its child goes too."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            "from servicekit.lifeline import die_with_parent\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],"
            " preexec_fn=die_with_parent())\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    assert alive(child_pid)
    parent.kill()
    parent.wait()
    assert eventually(lambda: not alive(child_pid))
