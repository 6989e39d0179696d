"""Fault run: the broker is SIGKILLed during a stream of submissions through the gateway.

The launcher restarts it empty (memory storage); services re-create their topics, consumers rejoin,
producers reconnect, the outbox publishes what waited, and practice's sweeper re-announces
submissions whose events were lost with the broker's memory. Meanwhile every service's /ready
stays 200 (degraded at worst), and ends `ready` once the broker and its topics are back.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from servicekit.testing.accounts import Account, register
from servicekit.testing.launcher import Launchers, free_ports

from .conftest import coding_attempt

pytestmark = pytest.mark.e2e

WRONG = "def best_pair_within_budget(prices, budget):\n    return 0\n"  # keeps the attempt open
SUBMISSIONS = 12
KILL_AFTER = 4
SETTLE_SECONDS = 240
FAST_RECOVERY = {
    "WHETSTONE_ENV": "test",
    "GATEWAY_RATE_LIMITS": '{"auth": "200/minute", "runs": "600/minute"}',
    # practice's sweeper re-announces what the broker lost: soon, and as often as needed here
    "PRACTICE_REDRIVE_AFTER_SECONDS": "10",
    "PRACTICE_REDRIVE_MAX": "20",
    "PRACTICE_SWEEP_INTERVAL_SECONDS": "2",
}


def submit(api: httpx.Client, learner: Account) -> str:
    """A wrong answer in a fresh attempt (a judged one leaves CODING for REFLECTION)."""
    attempt_id = coding_attempt(api, learner.headers)
    response = api.post(
        f"/attempts/{attempt_id}/submissions",
        json={"code": WRONG, "language": "python"},
        headers=learner.headers,
    )
    assert response.status_code == 202, response.text  # accepted, never a 5xx
    return str(response.json()["submission"]["id"])


def settled(api: httpx.Client, learner: Account, submission_id: str) -> bool:
    response = api.get(f"/submissions/{submission_id}", headers=learner.headers)
    assert response.status_code == 200, response.text
    return response.json()["submission"]["status"] in ("succeeded", "failed")


def evaluations_of(api: httpx.Client, learner: Account, submission_id: str) -> int:
    response = api.get(
        "/evaluations", params={"submission_id": submission_id}, headers=learner.headers
    )
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def readiness(port: int) -> tuple[int, str]:
    answer = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5)
    return answer.status_code, str(answer.json()["status"])


def all_ready(ports: dict[str, int]) -> bool:
    """Every service fully ready again: broker and topics back, not merely degraded."""
    for name, port in ports.items():
        if name == "broker":
            continue
        try:
            if readiness(port) != (200, "ready"):
                return False
        except httpx.TransportError:
            return False
    return True


def never_unready_while_the_broker_is_away(ports: dict[str, int], seconds: float) -> None:
    """A broker outage degrades a service; it never takes its /ready (and traffic) away."""
    seen: set[tuple[int, str]] = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen |= {readiness(port) for name, port in ports.items() if name != "broker"}
        time.sleep(0.1)
    assert {status for status, _ in seen} == {200}, seen


def test_every_submission_accepted_around_a_broker_kill_gets_exactly_one_result(
    tmp_path: Path, launchers: Launchers
) -> None:
    ports = free_ports()
    launcher = launchers(tmp_path / "data", ports, log_dir=tmp_path / "logs", env=FAST_RECOVERY)
    launcher.wait_until_running()
    with httpx.Client(base_url=f"http://127.0.0.1:{ports['gateway']}/api/v1", timeout=40) as api:
        learners = [register(api) for _ in range(3)]
        accepted: list[tuple[Account, str]] = []
        for n in range(SUBMISSIONS):
            if n == KILL_AFTER:
                os.kill(launcher.pid_of("broker"), signal.SIGKILL)
                never_unready_while_the_broker_is_away(ports, seconds=3)
            learner = learners[n % 3]
            accepted.append((learner, submit(api, learner)))
        launcher.wait_for(r"broker restarted")

        deadline = time.monotonic() + SETTLE_SECONDS
        pending = list(accepted)
        while pending and time.monotonic() < deadline:
            pending = [(who, sid) for who, sid in pending if not settled(api, who, sid)]
            time.sleep(0.5)
        assert pending == [], f"{len(pending)} of {SUBMISSIONS} never got a result"
        assert [evaluations_of(api, who, sid) for who, sid in accepted] == [1] * SUBMISSIONS

        while not all_ready(ports) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert all_ready(ports)
