"""Written responses against the real broker: scored by evaluation through events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import select

from contracts.coach import FeedbackContent, FeedbackReady
from practice.api.deps import clock
from practice.services.submissions import redrive_stuck
from servicekit.inbox import ProcessedEvent
from servicekit.outbox import OutboxMessage, utcnow
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
    async with app.state.runtime.unit_of_work() as uow:  # the re-drive continues the trace
        query = select(OutboxMessage).where(OutboxMessage.key == response["submission_id"])
        sent = (await uow.session.exec(query)).all()
    traces = {row.headers.get("traceparent", "-").split("-")[1] for row in sent}
    assert len(sent) == 2
    assert len(traces) == 1, [r.headers for r in sent]
    assert "" not in traces  # the request's own trace, not none


def coach_feedback(submission_id: str, text: str) -> FeedbackReady:
    """The FeedbackReady the coach sends once it wrote feedback on this submission."""
    return FeedbackReady(
        feedback_id=str(uuid.uuid4()),
        user_id="writer-5",
        target_type="submission",
        target_id=submission_id,
        feedback=FeedbackContent(
            type="review", text=text, provider="builtin", model="m", prompt_version="feedback.v1"
        ),
    )


async def handled(app: FastAPI, event_id: str) -> bool:
    async with app.state.runtime.unit_of_work() as uow:
        query = select(ProcessedEvent).where(ProcessedEvent.event_id == event_id)
        return (await uow.session.exec(query)).first() is not None


async def test_feedback_unlocks_after_the_delay_and_comes_from_feedback_ready(
    harness: Any, tokens: TokenFactory, app: FastAPI
) -> None:
    auth, other = tokens.headers("writer-5"), tokens.headers("someone-else")
    task_id = await publish_task(harness)
    response = (await answer(harness, auth, task_id)).json()["response"]
    path = f"/api/v1/responses/{response['id']}/feedback"
    assert (response["ai_feedback"], response["ai_unlocked_at"]) == (None, None)

    early = await harness.client.post(path, headers=auth)
    assert (early.status_code, early.json()["code"]) == (425, "TOO_EARLY")
    assert early.headers["content-type"] == "application/problem+json"
    assert 0 < int(early.headers["Retry-After"]) <= 300
    theirs = await harness.client.post(path, headers=other)
    assert (theirs.status_code, theirs.json()["code"]) == (404, "RESPONSE_NOT_FOUND")

    first = await harness.publisher.send(
        coach_feedback(response["submission_id"], "Strong on failure modes."), producer="coach"
    )
    await harness.publisher.send_envelope(first, FeedbackReady.topic)  # delivered twice
    later = await harness.publisher.send(
        coach_feedback(response["submission_id"], "A second opinion."), producer="coach"
    )
    for _ in range(200):
        if await handled(app, str(later.event_id)):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("practice never handled the FeedbackReady")
    still_early = await harness.client.post(path, headers=auth)
    assert still_early.status_code == 425, "feedback that arrived still waits for the unlock"

    unlocked_at = utcnow() + timedelta(minutes=6)
    app.dependency_overrides[clock] = lambda: unlocked_at
    given = await harness.client.post(path, headers=auth)
    assert given.status_code == 200, given.text
    body = given.json()
    assert body["feedback"] == "Strong on failure modes.", "the first copy stays"
    assert (body["feedback_type"], body["feedback_status"]) == ("review", "ready")
    shown = (await harness.client.get(f"/api/v1/responses/{response['id']}", headers=auth)).json()
    assert shown["response"]["ai_feedback"] == "Strong on failure modes."
    assert shown["response"]["ai_unlocked_at"] == body["unlocked_at"]
    listed = (await harness.client.get("/api/v1/responses", headers=auth)).json()
    assert listed["items"][0]["ai_feedback"] == "Strong on failure modes."
    again = (await harness.client.post(path, headers=auth)).json()
    assert again["unlocked_at"] == body["unlocked_at"], "unlocked once"


async def test_feedback_that_never_comes_ends_as_unavailable(
    harness: Any, tokens: TokenFactory, app: FastAPI
) -> None:
    auth = tokens.headers("writer-6")
    task_id = await publish_task(harness)
    response = (await answer(harness, auth, task_id)).json()["response"]
    path = f"/api/v1/responses/{response['id']}/feedback"
    app.dependency_overrides[clock] = lambda: utcnow() + timedelta(minutes=5, seconds=1)
    pending = await harness.client.post(path, headers=auth)
    assert (pending.status_code, pending.json()["code"]) == (425, "TOO_EARLY")
    assert 0 < int(pending.headers["Retry-After"]) <= 5

    app.dependency_overrides[clock] = lambda: utcnow() + timedelta(minutes=8)
    given_up = await harness.client.post(path, headers=auth)
    assert given_up.status_code == 200
    assert given_up.json() | {"message": ""} == {
        "message": "",
        "feedback": None,
        "feedback_type": None,
        "feedback_status": "unavailable",
        "unlocked_at": None,
    }
    shown = (await harness.client.get(f"/api/v1/responses/{response['id']}", headers=auth)).json()
    assert (shown["response"]["ai_feedback"], shown["response"]["ai_unlocked_at"]) == (None, None)
