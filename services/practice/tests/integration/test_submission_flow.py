"""Practice against the real broker: read model, attempts, submissions, verdicts, re-drive."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from contracts.catalogue import CodingProblem
from contracts.content import ContentPublishedV2
from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.topics import PRACTICE_SUBMISSIONS
from servicekit.testing.events import EventPublisher
from servicekit.testing.tokens import TokenFactory

from .conftest import PREFIX_SUM_GATE, pass_gate

pytestmark = pytest.mark.integration


def problem(problem_id: str) -> dict[str, Any]:
    return {
        "id": problem_id,
        "kind": "coding",
        "title": "Sum",
        "description": "Add the numbers up.",
        "pattern": "PREFIX_SUM",
        "rung": 1,
        "execution": {"mode": "function", "entry_point": "total", "comparison": "exact"},
        "tests": [
            {"input": [[1, 2]], "expected_output": 3, "is_hidden": False},
            {"input": [[]], "expected_output": 0, "is_hidden": True},
        ],
        "reference_solutions": {"python": "def total(xs):\n    return sum(xs)\n"},
        "hints": [{"level": "PATCH_SNIPPET", "text": "sum"}],
        "time_limit_ms": 1000,
        "memory_limit_mb": 128,
    }


async def publish_problem(publisher: EventPublisher) -> str:
    problem_id = f"sum-{uuid.uuid4().hex[:8]}"
    await publisher.send(
        ContentPublishedV2(
            content_type="problem",
            content_id=problem_id,
            revision=1,
            item=CodingProblem.model_validate(problem(problem_id)),
        )
    )
    return problem_id


async def start_attempt(client: httpx.AsyncClient, auth: dict[str, str], problem_id: str) -> Any:
    for _ in range(200):  # the read model fills from the catalogue topic
        response = await client.post(
            "/api/v1/attempts", json={"problem_id": problem_id}, headers=auth
        )
        if response.status_code != 404:
            return response
        await asyncio.sleep(0.1)
    raise AssertionError("the problem never reached practice's read model")


def verdict(submission: dict[str, Any], *, accepted: bool) -> EvaluationCompleted:
    return EvaluationCompleted(
        evaluation_id=str(uuid.uuid4()),
        submission_id=submission["id"],
        attempt_id=submission["attempt_id"],
        user_id=submission["user_id"],
        status="succeeded",
        verdict="accepted" if accepted else "wrong_answer",
        summary=EvaluationSummary(
            passed=accepted, tests_passed=2 if accepted else 1, tests_total=2
        ),
        test_results=(
            TestOutcome(
                test_index=0,
                is_hidden=False,
                passed=True,
                verdict="accepted",
                input=[[1, 2]],
                expected=3,
                actual=3,
            ),
            TestOutcome(
                test_index=1,
                is_hidden=True,
                passed=accepted,
                verdict="accepted" if accepted else "wrong_answer",
                input=[[]],
                expected=0,
                actual=0 if accepted else 1,
            ),
        ),
        explanation=None if accepted else "Test 2: expected 0 but got 1",
    )


async def submitted_events(bootstrap: str, group: str, submission_id: str, count: int) -> list:
    consumer = AIOKafkaConsumer(
        PRACTICE_SUBMISSIONS,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found: list[dict[str, Any]] = []
    try:
        for _ in range(60):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += [e for r in records if (e := json.loads(r.value))["key"] == submission_id]
            if len(found) >= count:
                break
    finally:
        await consumer.stop()
    return found


async def test_a_submission_is_announced_and_its_verdict_recorded(
    client: httpx.AsyncClient,
    tokens: TokenFactory,
    publisher: EventPublisher,
    kafka_bootstrap: str,
    unique_name: str,
) -> None:
    auth = tokens.headers("learner-1")
    problem_id = await publish_problem(publisher)
    started = await start_attempt(client, auth, problem_id)
    assert started.status_code == 201
    body = started.json()
    assert body["resumed"] is False
    assert [t["is_hidden"] for t in body["problem"]["tests"]] == [False]
    assert "reference_solutions" not in body["problem"]
    assert body["problem"]["hints"] == []
    resumed = await start_attempt(client, auth, problem_id)
    assert resumed.status_code == 200
    assert resumed.json()["attempt"]["id"] == body["attempt"]["id"]

    attempt_id = body["attempt"]["id"]
    await pass_gate(client, auth, attempt_id, PREFIX_SUM_GATE)
    submitted = await client.post(
        f"/api/v1/attempts/{attempt_id}/submissions",
        json={"code": "def total(xs): return 1", "language": "python"},
        headers=auth,
    )
    assert submitted.status_code == 202
    submission = submitted.json()["submission"]
    assert submission["status"] == "queued"

    [event] = await submitted_events(kafka_bootstrap, f"probe-{unique_name}", submission["id"], 1)
    assert event["event_type"] == "practice.submission_created"
    assert event["payload"]["problem"]["tests"][1] == {
        "input": [[]],
        "expected_output": 0,
        "is_hidden": True,
    }

    waiting = asyncio.create_task(
        client.get(f"/api/v1/submissions/{submission['id']}", params={"wait": 20}, headers=auth)
    )
    await asyncio.sleep(0.3)
    await publisher.send(verdict(submission, accepted=False))
    judged = (await waiting).json()["submission"]
    assert judged["status"] == "succeeded"
    assert judged["verdict"] == "wrong_answer"
    assert judged["explanation"] == "Test 2: expected 0 but got 1"
    assert judged["test_results"][1] == {
        "test_index": 1,
        "is_hidden": True,
        "passed": False,
        "verdict": "wrong_answer",
        "duration_ms": 0.0,
    }
    assert judged["test_results"][0]["actual"] == 3


async def test_another_learner_gets_not_found_for_my_attempt_and_submission(
    client: httpx.AsyncClient, tokens: TokenFactory, publisher: EventPublisher
) -> None:
    owner, other = tokens.headers("owner"), tokens.headers("intruder")
    problem_id = await publish_problem(publisher)
    attempt_id = (await start_attempt(client, owner, problem_id)).json()["attempt"]["id"]
    await pass_gate(client, owner, attempt_id, PREFIX_SUM_GATE)
    submission = (
        await client.post(
            f"/api/v1/attempts/{attempt_id}/submissions",
            json={"code": "x", "language": "python"},
            headers=owner,
        )
    ).json()["submission"]
    for path in (
        f"/api/v1/attempts/{attempt_id}",
        f"/api/v1/submissions/{submission['id']}",
        f"/api/v1/attempts/{attempt_id}/submissions",
    ):
        response = await client.get(path, headers=other)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
    posted = await client.post(
        f"/api/v1/attempts/{attempt_id}/submissions",
        json={"code": "x", "language": "python"},
        headers=other,
    )
    assert posted.status_code == 404
    assert (await client.get("/api/v1/submissions", headers=other)).json()["total"] == 0


async def test_bad_input_gets_a_clear_problem(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    auth = tokens.headers()
    unknown = await client.post("/api/v1/attempts", json={"problem_id": "nope"}, headers=auth)
    assert unknown.json()["code"] == "PROBLEM_NOT_FOUND"
    no_auth = await client.post("/api/v1/attempts", json={"problem_id": "nope"})
    assert no_auth.status_code == 401
    assert no_auth.json()["code"] == "UNAUTHENTICATED"
    invalid = await client.post("/api/v1/attempts", json={"problem": "x"}, headers=auth)
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "VALIDATION_ERROR"
