"""Submissions that used to wedge the judge for everyone: each now ends with one result.

Driven as practice drives evaluation: events on the real broker, results read back
from it, full details from `/evaluations`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from contracts import Event
from contracts.practice import (
    CodeProblemSpec,
    ExecutionSpec,
    ProjectSpec,
    ProjectTestsRequested,
    SubmissionCreated,
    TestSpec,
)
from contracts.topics import EVALUATION_RESULTS
from servicekit.testing.events import EventPublisher, events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

FLOOD = (
    "import sys\n"
    "def add(a, b):\n"
    '    print("😀" * 65000)\n'
    '    print("😀" * 65000, file=sys.stderr)\n'
    "    return a + b\n"
)
LONE_SURROGATE = 'def add(a, b):\n    raise ValueError("\\ud800")\n'
EVENT_LIMIT = 1024 * 1024  # the producer's


def submission(
    code: str, *, user_id: str, execution: ExecutionSpec | None = None
) -> SubmissionCreated:
    return SubmissionCreated(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=user_id,
        language="python",
        code=code,
        problem=CodeProblemSpec(
            problem_id="add-two",
            execution=execution or ExecutionSpec(mode="function", entry_point="add"),
            tests=(
                TestSpec(input=[1, 2], expected_output=3),
                TestSpec(input=[2, 2], expected_output=4),
            ),
            time_limit_ms=2000,
            memory_limit_mb=128,
        ),
    )


async def publish(bootstrap: str, *events: Event) -> None:
    async with EventPublisher(bootstrap) as publisher:
        for event in events:
            await publisher.send(event, producer="practice")


async def one_result(bootstrap: str, submission_id: str) -> dict[str, Any]:
    """The submission's only result event (the envelope)."""
    [completed] = await events_for(bootstrap, EVALUATION_RESULTS, submission_id, settle=1.0)
    return completed


async def test_an_emoji_flood_is_announced_small_and_later_results_still_flow(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    flood = submission(FLOOD, user_id="flooder")
    later = submission("def add(a, b):\n    return a + b\n", user_id="bystander")
    await publish(kafka_bootstrap, flood, later)

    announced = await one_result(kafka_bootstrap, flood.submission_id)
    payload = announced["payload"]
    assert len(json.dumps(announced)) < EVENT_LIMIT // 2
    assert payload["truncated"] is True
    assert len(payload["test_results"][0]["stdout"].encode()) <= 4096
    assert (await one_result(kafka_bootstrap, later.submission_id))["payload"]["verdict"] == (
        "accepted"
    )
    stored = await client.get(
        f"/api/v1/evaluations/{payload['evaluation_id']}", headers=tokens.headers("flooder")
    )
    stdout = stored.json()["test_results"][0]["stdout"]
    assert len(stdout.encode()) > 4096  # the full output stays with evaluation


async def test_a_lone_surrogate_in_the_output_is_stored_and_announced(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    event = submission(LONE_SURROGATE, user_id="learner-1")
    await publish(kafka_bootstrap, event)
    payload = (await one_result(kafka_bootstrap, event.submission_id))["payload"]
    assert payload["verdict"] == "runtime_error"
    stored = await client.get(
        f"/api/v1/evaluations/{payload['evaluation_id']}", headers=tokens.headers("learner-1")
    )
    assert stored.json()["test_results"][0]["error"].startswith("ValueError: \ufffd")


async def test_a_problem_the_judge_cannot_set_up_ends_failed_once(
    client: httpx.AsyncClient, kafka_bootstrap: str
) -> None:
    event = submission(
        "def add(a, b):\n    return a + b\n",
        user_id="learner-1",
        execution=ExecutionSpec(mode="function", entry_point=None),
    )
    await publish(kafka_bootstrap, event)
    payload = (await one_result(kafka_bootstrap, event.submission_id))["payload"]
    assert (payload["status"], payload["verdict"]) == ("failed", "internal_error")
    assert "could not set up" in payload["explanation"]


async def test_a_debug_lab_with_a_blank_test_command_ends_failed_once(
    client: httpx.AsyncClient, kafka_bootstrap: str
) -> None:
    event = ProjectTestsRequested(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id="learner-1",
        project=ProjectSpec(
            item_id="blank-command",
            language="python",
            test_command="   ",
            files={"calc.py": "def add(a, b):\n    return a + b\n"},
        ),
    )
    await publish(kafka_bootstrap, event)
    payload = (await one_result(kafka_bootstrap, event.submission_id))["payload"]
    assert (payload["status"], payload["verdict"]) == ("failed", "internal_error")
    assert "no test command" in payload["explanation"]
