"""`make run`'s launcher as a developer uses it: start, serve, Ctrl-C, start again, data kept;
a part that dies is restarted, and nothing outlives a launcher that was SIGKILLed."""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from servicekit.testing.accounts import Account, register
from servicekit.testing.launcher import (
    Launchers,
    alive,
    descendants,
    eventually,
    free_ports,
    listening,
)

from .conftest import coding_attempt

pytestmark = pytest.mark.e2e


STOP_BOUND_SECONDS = 40
ENDLESS = "def best_pair_within_budget(prices, budget):\n    while True:\n        pass\n"


def submit_endless_loops(api: httpx.Client, learner: Account, count: int = 3) -> None:
    for _ in range(count):  # each in a fresh attempt: a judged one takes no more code
        attempt_id = coding_attempt(api, learner.headers)
        submission = api.post(
            f"/attempts/{attempt_id}/submissions",
            json={"code": ENDLESS, "language": "python"},
            headers=learner.headers,
        )
        assert submission.status_code == 202, submission.text


def nothing_listens_within(ports: dict[str, int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (taken := listening(ports)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return taken


def test_the_platform_starts_stops_on_ctrl_c_and_keeps_its_data(
    tmp_path: Path, launchers: Launchers
) -> None:
    ports = free_ports()
    gateway = f"http://127.0.0.1:{ports['gateway']}/api/v1"
    account = {
        "email": "keeper@example.com",
        "password": "survives restarts",
        "full_name": "Keeper",
    }

    first = launchers(tmp_path / "data", ports)
    first.wait_until_running()
    assert f"http://127.0.0.1:{ports['gateway']}/api/v1" in first.output
    assert httpx.post(f"{gateway}/auth/register", json=account, timeout=30).status_code == 201
    with httpx.Client(base_url=gateway, timeout=30) as api:
        submit_endless_loops(api, register(api))
    # Work in flight: graceful for 10 s, then killed; the broker gets 5 s more.
    assert first.interrupt(timeout=STOP_BOUND_SECONDS) == 0
    assert "stopped." in first.output
    assert listening(ports) == []

    second = launchers(tmp_path / "data", ports)
    second.wait_until_running()
    login = httpx.post(
        f"{gateway}/auth/login",
        timeout=30,
        json={"email": account["email"], "password": account["password"]},
    )
    assert login.status_code == 200


def test_a_service_that_dies_is_restarted(tmp_path: Path, launchers: Launchers) -> None:
    ports = free_ports()
    launcher = launchers(tmp_path / "data", ports, log_dir=tmp_path / "logs")
    launcher.wait_until_running()
    os.kill(launcher.pid_of("content"), signal.SIGKILL)
    launcher.wait_for(r"content exited with code -9; restarting")
    launcher.wait_for(r"content restarted \(pid \d+\)")
    deadline = time.monotonic() + 60
    status = 0
    while status != 200 and time.monotonic() < deadline:
        try:
            status = httpx.get(f"http://127.0.0.1:{ports['content']}/health").status_code
        except httpx.TransportError:
            time.sleep(0.2)
    assert status == 200


def test_nothing_outlives_a_sigkilled_launcher_and_make_run_starts_again(
    tmp_path: Path, launchers: Launchers
) -> None:
    ports = free_ports()
    first = launchers(tmp_path / "data", ports, log_dir=tmp_path / "logs")
    first.wait_until_running()
    with httpx.Client(base_url=f"http://127.0.0.1:{ports['gateway']}/api/v1", timeout=30) as api:
        submit_endless_loops(api, register(api))
    evaluation = first.pid_of("evaluation")
    assert eventually(lambda: len(descendants(evaluation)) > 0)  # a sandbox is running
    everything = descendants(first.process.pid)
    first.kill()
    assert nothing_listens_within(ports, 10) == []
    assert eventually(lambda: not any(alive(pid) for pid in everything))

    second = launchers(tmp_path / "data", ports, log_dir=tmp_path / "logs")
    second.wait_until_running()
    assert second.interrupt() == 0


def test_a_taken_port_is_named(tmp_path: Path, launchers: Launchers) -> None:
    ports = free_ports()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", ports["practice"]))
        blocker.listen()
        launcher = launchers(tmp_path / "data", ports)
        assert launcher.process.wait(timeout=60) == 1
    launcher.wait_for(re.escape(f"{ports['practice']} (practice)"))
