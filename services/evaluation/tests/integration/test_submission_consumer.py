"""Evaluation against the real broker and sandbox: one run per submission, results announced."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from contracts import Envelope
from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec
from contracts.topics import EVALUATION_RESULTS, PRACTICE_SUBMISSIONS
from evaluation.config import Settings
from evaluation.main import create_app
from servicekit.testing.client import app_client
from servicekit.testing.events import EventPublisher, events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

SOLUTION = "def add(a, b):\n    return a + b\n"
ACCEPTED_RUNS = 'sandbox_runs_total{verdict="accepted"} '


def submission(code: str = SOLUTION, user_id: str = "learner-1") -> SubmissionCreated:
    return SubmissionCreated(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=user_id,
        language="python",
        code=code,
        problem=CodeProblemSpec(
            problem_id="add-two",
            execution=ExecutionSpec(mode="function", entry_point="add"),
            tests=(
                TestSpec(input=[1, 2], expected_output=3),
                TestSpec(input=[-1, 1], expected_output=0, is_hidden=True),
            ),
            time_limit_ms=2000,
            memory_limit_mb=128,
        ),
    )


async def publish(bootstrap: str, envelopes: list[Envelope]) -> None:
    async with EventPublisher(bootstrap) as publisher:
        for envelope in envelopes:
            await publisher.send_envelope(envelope, PRACTICE_SUBMISSIONS)


async def results_for(bootstrap: str, submission_id: str, *, settle: float = 2.0) -> list[Any]:
    """Every EvaluationCompleted for the submission, waiting `settle` s after the first."""
    return await events_for(bootstrap, EVALUATION_RESULTS, submission_id, settle=settle)


async def test_a_duplicated_submission_runs_the_code_once(
    client: httpx.AsyncClient, app: FastAPI, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    event = submission()
    envelope = Envelope.wrap(event, producer="practice")
    redriven = Envelope.wrap(event, producer="practice")  # same submission, new event id
    await publish(kafka_bootstrap, [envelope, envelope])
    [first] = await results_for(kafka_bootstrap, event.submission_id)
    await publish(kafka_bootstrap, [redriven])
    announced = await results_for(kafka_bootstrap, event.submission_id)

    assert first["payload"]["verdict"] == "accepted"
    assert len(announced) == 2  # the re-drive re-announces the verdict ...
    assert announced[1]["payload"]["evaluation_id"] == first["payload"]["evaluation_id"]
    runs = await client.get(
        "/api/v1/evaluations",
        params={"submission_id": event.submission_id},
        headers=tokens.headers("learner-1"),
    )
    assert runs.json()["total"] == 1  # ... but the code ran once
    metrics = (await client.get("/metrics")).text
    # Each test's app reads the topic from the start, so it may judge earlier tests' runs too.
    accepted = next(m for m in metrics.splitlines() if m.startswith(ACCEPTED_RUNS))
    assert float(accepted.removeprefix(ACCEPTED_RUNS)) >= 1


async def test_results_are_stored_and_hidden_details_stay_hidden(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    event = submission(code="def add(a, b):\n    return a - b\n")
    await publish(kafka_bootstrap, [Envelope.wrap(event, producer="practice")])
    [completed] = await results_for(kafka_bootstrap, event.submission_id, settle=0.1)
    payload = completed["payload"]
    assert payload["verdict"] == "wrong_answer"
    assert payload["summary"] == {"passed": False, "tests_passed": 0, "tests_total": 2}
    assert payload["explanation"]

    owner = tokens.headers("learner-1")
    run = await client.get(f"/api/v1/evaluations/{payload['evaluation_id']}", headers=owner)
    body = run.json()
    assert body["evaluation_run"]["verdict"] == "wrong_answer"
    visible, hidden = body["test_results"]
    assert visible["actual"] == -1
    assert set(hidden) == {"test_index", "is_hidden", "passed", "verdict", "duration_ms"}
    other = await client.get(
        f"/api/v1/evaluations/{payload['evaluation_id']}", headers=tokens.headers("someone-else")
    )
    assert other.status_code == 404


async def test_the_consumers_lag_per_partition_and_handler_latency_are_exported(
    settings: Settings, kafka_bootstrap: str
) -> None:
    app = create_app(settings.model_copy(update={"lag_sample_seconds": 0.2}))
    async with app_client(app) as client:
        event = submission()
        await publish(kafka_bootstrap, [Envelope.wrap(event, producer="practice")])
        assert await results_for(kafka_bootstrap, event.submission_id)
        group = f'group="{settings.consumer_group}"'
        topic = f'topic="{PRACTICE_SUBMISSIONS}"'
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while True:
            lines = (await client.get("/metrics")).text.splitlines()
            lags = [m for m in lines if m.startswith("kafka_consumer_lag{") and topic in m]
            # Everything published so far is handled and committed: every partition at 0.
            if lags and all(group in m and m.endswith(" 0.0") for m in lags):
                break
            assert loop.time() < deadline, f"lag never settled: {lags}"
            await asyncio.sleep(0.2)
    handled = f"kafka_handler_duration_seconds_count{{{topic}}} "
    count = next(m for m in lines if m.startswith(handled))
    assert float(count.removeprefix(handled)) >= 1
