"""Faults in the judge, end to end: evaluation SIGKILLed during a run loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from contracts.topics import EVALUATION_RESULTS
from servicekit.devstack import DEFAULT_PORTS, Stack, StackConfig, running_stack
from servicekit.testing.accounts import register
from servicekit.testing.events import events_for
from servicekit.testing.infra import free_port

from .conftest import coding_attempt

pytestmark = pytest.mark.e2e

# About a second a test, ten tests: the run is still going when evaluation dies.
SLOW = (
    "import time\ndef best_pair_within_budget(prices, budget):\n    time.sleep(1)\n    return 0\n"
)
FINISHED = {"succeeded", "failed"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("judge-faults")
    config = StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        kafka_bootstrap=None,
        log_dir=root / "logs",
        extra_env={
            "WHETSTONE_ENV": "test",
            "GATEWAY_RATE_LIMITS": '{"auth": "200/minute"}',
            # A short lease, so the restarted replica takes the dead one's run soon.
            "EVALUATION_LEASE_SECONDS": "4",
            "EVALUATION_SWEEP_SECONDS": "1",
        },
    )
    with running_stack(config) as running:
        yield running
    print(f"\nservice logs: {root / 'logs'}")


def until(read: Callable[[], Any], done: Callable[[Any], bool], within: float = 120) -> Any:
    deadline = time.monotonic() + within
    while not done(value := read()):
        assert time.monotonic() < deadline, f"never came true; last: {value!r}"
        time.sleep(0.2)
    return value


def restart_evaluation(stack: Stack) -> None:
    """SIGKILL evaluation (no clean-up at all) and start it again, as a supervisor would."""
    evaluation = stack.children["evaluation"]
    os.killpg(evaluation.process.pid, signal.SIGKILL)
    evaluation.process.wait()
    stack.spawn("evaluation", evaluation.args, evaluation.env)


def test_a_submission_running_when_evaluation_is_killed_ends_with_one_result(
    stack: Stack,
) -> None:
    with httpx.Client(base_url=f"{stack.config.url('gateway')}/api/v1", timeout=40.0) as api:
        auth = register(api).headers
        accepted = api.post(
            f"/attempts/{coding_attempt(api, auth)}/submissions",
            json={"code": SLOW, "language": "python"},
            headers=auth,
        )
        assert accepted.status_code == 202, accepted.text
        submission_id = accepted.json()["submission"]["id"]

        def run() -> dict[str, Any]:
            page = api.get("/evaluations", params={"submission_id": submission_id}, headers=auth)
            items: list[dict[str, Any]] = page.json().get("items", [])
            return items[0] if items else {}

        until(run, lambda r: r.get("status") == "running")
        restart_evaluation(stack)
        judged = until(run, lambda r: r.get("status") in FINISHED)

        assert judged["verdict"] == "wrong_answer"
        submission = api.get(f"/submissions/{submission_id}", params={"wait": 30}, headers=auth)
        assert submission.json()["submission"]["verdict"] == "wrong_answer"
    bootstrap = f"127.0.0.1:{stack.config.ports['broker']}"
    results = asyncio.run(events_for(bootstrap, EVALUATION_RESULTS, submission_id, settle=3.0))
    assert len(results) == 1
