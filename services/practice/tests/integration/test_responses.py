"""Written responses against the real broker: scored by evaluation through events."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI

from practice.services.submissions import redrive_stuck
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

CONCEPTS = ["log rotation", "retention", "alert"]
ANSWER = {
    "assumptions": "Logs grow 9 GB a day and support reads a week of them.",
    "architecture": "Rotate daily with logrotate, compress, ship to central storage.",
    "trade_offs": "Less on the machine means a slower search for older logs.",
    "failure_scenarios": "The deleted file stayed open; alert at 80% disk.",
}
BREAKDOWN = {
    "clarity": 8.0,
    "constraints_awareness": 7.0,
    "trade_off_reasoning": 6.0,
    "failure_anticipation": 9.0,
    "simplicity": 7.5,
}
FEEDBACK = {
    "evidence": {"failure_anticipation": ["alert at 80% disk"]},
    "concepts_found": ["log rotation", "alert"],
    "concepts_missing": ["retention"],
}


async def publish_task(harness: Any) -> str:
    return await harness.publish(
        "task",
        "task",
        title="Disk full",
        description="d",
        role="Systems Engineer",
        difficulty="beginner",
        expected_concepts=CONCEPTS,
    )


async def answer(harness: Any, auth: dict[str, str], task_id: str, **params: Any) -> Any:
    return await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/responses", json={"task_id": task_id, **ANSWER}, headers=auth, params=params
        )
    )


async def test_a_response_is_announced_scored_and_shown(harness: Any, tokens: TokenFactory) -> None:
    auth = tokens.headers("writer-1")
    task_id = await publish_task(harness)
    created = await answer(harness, auth, task_id)
    assert created.status_code == 201
    response = created.json()["response"]
    assert response["status"] == "queued"
    assert response["score"] is None
    assert {k: response[k] for k in ANSWER} == ANSWER

    [event] = await harness.announced_for(response["submission_id"])
    assert event["event_type"] == "practice.answer_submitted"
    assert event["payload"]["kind"] == "written"
    assert event["payload"]["attempt_id"] == response["id"]
    assert event["payload"]["answer"] == ANSWER
    assert event["payload"]["reference"] == {"expected_concepts": CONCEPTS}

    waiting = asyncio.create_task(
        harness.client.get(f"/api/v1/responses/{response['id']}", params={"wait": 20}, headers=auth)
    )
    await asyncio.sleep(0.3)
    await harness.evaluate(
        event, "written", score=7.5, score_breakdown=BREAKDOWN, feedback=FEEDBACK
    )
    scored = (await waiting).json()["response"]
    assert scored["status"] == "succeeded"
    assert scored["score"] == 7.5
    assert scored["score_breakdown"] == BREAKDOWN
    assert scored["feedback"] == FEEDBACK
    assert scored["evaluated_at"] is not None

    submission = (
        await harness.client.get(f"/api/v1/submissions/{response['submission_id']}", headers=auth)
    ).json()["submission"]
    assert (submission["type"], submission["language"], submission["code"]) == ("text", "", "")
    assert submission["answer"] == ANSWER
    assert submission["score_breakdown"] == BREAKDOWN
    assert "reference" not in str(submission)
    assert "outgoing_event" not in submission

    listed = (
        await harness.client.get("/api/v1/responses", params={"task_id": task_id}, headers=auth)
    ).json()
    assert (listed["total"], listed["items"][0]["id"]) == (1, response["id"])
    texts = (
        await harness.client.get("/api/v1/submissions", params={"type": "text"}, headers=auth)
    ).json()
    assert [s["id"] for s in texts["items"]] == [response["submission_id"]]


async def test_posting_with_wait_answers_with_the_score(harness: Any, tokens: TokenFactory) -> None:
    auth = tokens.headers("writer-2")
    task_id = await publish_task(harness)
    first = (await answer(harness, auth, task_id)).json()["response"]  # the task is known now
    posting = asyncio.create_task(
        harness.client.post(
            "/api/v1/responses",
            json={"task_id": task_id, **ANSWER},
            headers=auth,
            params={"wait": 20},
        )
    )
    [event] = await harness.announced(
        lambda e: e["payload"].get("user_id") == "writer-2" and e["key"] != first["submission_id"]
    )
    await harness.evaluate(event, "written", score=6.0, score_breakdown=BREAKDOWN, feedback={})
    posted = await posting
    assert posted.status_code == 201
    assert (posted.json()["response"]["status"], posted.json()["response"]["score"]) == (
        "succeeded",
        6.0,
    )


async def test_response_errors_and_privacy(harness: Any, tokens: TokenFactory) -> None:
    auth, other = tokens.headers("writer-3"), tokens.headers("someone-else")
    unknown = await harness.client.post(
        "/api/v1/responses", json={"task_id": "nope", **ANSWER}, headers=auth
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "TASK_NOT_FOUND")
    for body in (
        {**ANSWER, "task_id": "t", "extra": 1},
        {**ANSWER, "task_id": "t", "trade_offs": ""},
    ):
        invalid = await harness.client.post("/api/v1/responses", json=body, headers=auth)
        assert (invalid.status_code, invalid.json()["code"]) == (422, "VALIDATION_ERROR")
    too_long = {**ANSWER, "task_id": "t", "architecture": "x" * 20_001}
    assert (
        await harness.client.post("/api/v1/responses", json=too_long, headers=auth)
    ).status_code == 422

    task_id = await publish_task(harness)
    response = (await answer(harness, auth, task_id)).json()["response"]
    assert "expected_concepts" not in str(response)
    theirs = await harness.client.get(f"/api/v1/responses/{response['id']}", headers=other)
    assert (theirs.status_code, theirs.json()["code"]) == (404, "RESPONSE_NOT_FOUND")
    assert (await harness.client.get("/api/v1/responses", headers=other)).json()["total"] == 0
    assert (await harness.client.post("/api/v1/responses", json={})).status_code == 401


async def test_a_lost_answer_is_announced_again_unchanged(
    harness: Any, tokens: TokenFactory, app: FastAPI
) -> None:
    auth = tokens.headers("writer-4")
    task_id = await publish_task(harness)
    response = (await answer(harness, auth, task_id)).json()["response"]
    async with app.state.runtime.unit_of_work() as uow:
        assert await redrive_stuck(uow=uow, older_than=timedelta(0), max_redrives=3) >= 1
    first, again = await harness.announced_for(response["submission_id"], count=2)
    assert again["event_type"] == first["event_type"] == "practice.answer_submitted"
    assert again["payload"] == first["payload"]
    assert again["event_id"] != first["event_id"]
