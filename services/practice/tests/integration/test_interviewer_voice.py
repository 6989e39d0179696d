"""The coach as the interviewer's voice over HTTP: practice scores, the coach speaks when it can,
practice's own reply when it cannot, and no transaction is held while the coach is asked."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import select

from practice.coach_interviewer import CoachInterviewer
from practice.db.interview_repositories import Interviews
from practice.db.interview_tables import InterviewQuestion
from practice.db.interview_uow import interview_unit_of_work
from practice.services.interview_answers import announce_unevaluated
from servicekit.testing.tokens import TokenFactory

from .coach_wire import CoachWire, Handler
from .test_interviews import GOOD, publish_catalogue

pytestmark = pytest.mark.integration

DEADLINE = 0.5
REPLY = {
    "reply": 'Thank you. You said "The hash function turns the key into an index".',
    "sentiment": "positive",
    "follow_up": "How does resizing come into your answer?",
    "quote": "The hash function turns the key into an index",
    "answer": {
        "provider": "builtin",
        "model": "whetstone-coach-builtin-1",
        "prompt_version": "interview.v1",
        "latency_ms": 0.4,
        "input_tokens": 120,
        "output_tokens": 30,
        "fallback_reason": None,
    },
}


@pytest.fixture
async def coach(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[CoachWire]:
    wire = CoachWire(
        app,
        key="interviewer",
        adapter=lambda coach, deadline: CoachInterviewer(coach, deadline_seconds=deadline),
    )
    yield wire
    await wire.aclose()


async def first_question(harness: Any, app: FastAPI, auth: dict[str, str]) -> tuple[str, str]:
    """An interview on a fresh topic, its first question put: (interview path, question id)."""
    topic = f"topic-{uuid.uuid4().hex[:8]}"
    question_id, _ = await publish_catalogue(harness, app, topic)
    body = {"mode": "technical", "job_type": "Backend", "duration": 15, "topics": [topic]}
    started = await harness.client.post("/api/v1/interviews", json=body, headers=auth)
    assert started.status_code == 201, started.text
    path = f"/api/v1/interviews/{started.json()['interview']['id']}"
    shown = await harness.client.post(f"{path}/questions/next", headers=auth)
    assert shown.json()["question"]["question_id"] == question_id
    return path, question_id


async def send(harness: Any, path: str, question_id: str, auth: dict[str, str]) -> Any:
    answered = await harness.client.post(
        f"{path}/answers",
        json={"question_id": question_id, "answer_text": GOOD, "response_time": 100},
        headers=auth,
    )
    assert answered.status_code == 200, answered.text
    return answered.json()


async def test_the_coach_speaks_with_practices_scores_and_no_transaction_is_held_meanwhile(
    harness: Any, tokens: TokenFactory, app: FastAPI, coach: CoachWire
) -> None:
    token = tokens.token(f"voiced-{uuid.uuid4().hex[:8]}")
    auth = {"Authorization": f"Bearer {token}"}
    path, question_id = await first_question(harness, app, auth)
    interview_id = path.rsplit("/", 1)[1]
    runtime = app.state.runtime

    async def answering(request: httpx.Request) -> httpx.Response:
        # Were the answer's transaction still open, this lock would wait for it (and time out).
        async with runtime.unit_of_work() as uow:
            locked = Interviews(uow.session).get(interview_id, lock=True)
            assert await asyncio.wait_for(locked, timeout=3) is not None
            await uow.commit()
        return httpx.Response(200, json=REPLY)

    coach.answers_with(answering, deadline=DEADLINE)
    body = await send(harness, path, question_id, auth)
    assert body["ai_response"]["content"] == REPLY["reply"]
    assert body["ai_response"]["interviewer_source"] == "coach"
    assert body["next_action"] == {
        "type": "follow_up",
        "message": REPLY["follow_up"],
        "estimated_time": None,
        "max_response_time": 120,
    }
    sent = coach.sent()
    assert coach.seen[-1].headers["authorization"] == f"Bearer {token}"
    assert coach.seen[-1].url.path == "/internal/v1/interview-turn"
    assert sent["scores"] == body["answer"]["scores"]  # practice's, unchanged by the coach
    assert sent["answer_text"] == GOOD
    assert {p["text"] for p in sent["question"]["key_points"]} == {
        "hash function",
        "collision",
        "load factor",
        "resizing",
        "worst case",
    }
    assert all(p["covered"] for p in sent["question"]["key_points"])
    detail = (await harness.client.get(path, headers=auth)).json()
    assert detail["questions"][0]["ai_response"]["interviewer_source"] == "coach"
    assert detail["questions"][0]["scores"] == body["answer"]["scores"]


async def failing(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, json={"title": "boom"})


async def slow(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(DEADLINE * 6)
    return httpx.Response(200, json=REPLY)


async def out_of_shape(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={**REPLY, "sentiment": "ecstatic"})


@pytest.mark.parametrize("handler", [failing, slow, out_of_shape])
async def test_practices_own_reply_is_given_when_the_coach_fails_or_is_late(
    harness: Any, tokens: TokenFactory, app: FastAPI, coach: CoachWire, handler: Handler
) -> None:
    auth = tokens.headers(f"unvoiced-{uuid.uuid4().hex[:8]}")
    path, question_id = await first_question(harness, app, auth)
    coach.answers_with(handler, deadline=DEADLINE)
    # The slow coach answers in the end: practice's reply says the deadline held.
    body = await send(harness, path, question_id, auth)
    assert len(coach.seen) == 1
    assert body["ai_response"]["interviewer_source"] == "practice"
    assert body["ai_response"]["content"].startswith("Good answer")
    assert body["ai_response"]["sentiment"] == "positive"
    detail = (await harness.client.get(path, headers=auth)).json()
    assert detail["questions"][0]["ai_response"]["interviewer_source"] == "practice"


async def test_an_answer_left_unannounced_by_a_dead_process_is_announced_once_by_the_sweep(
    harness: Any, tokens: TokenFactory, app: FastAPI, coach: CoachWire
) -> None:
    auth = tokens.headers(f"orphan-{uuid.uuid4().hex[:8]}")
    path, question_id = await first_question(harness, app, auth)
    coach.answers_with(failing, deadline=DEADLINE)
    body = await send(harness, path, question_id, auth)
    runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:  # as if the process died before its second step
        answer_id = body["answer"]["answer_id"]
        query = select(InterviewQuestion).where(InterviewQuestion.answer_id == answer_id)
        row = (await uow.session.exec(query)).one()
        assert row.evaluated_at is not None
        row.evaluated_at = None
        uow.session.add(row)
        await uow.commit()
    wait, later = timedelta(seconds=30), datetime.now(UTC) + timedelta(minutes=1)
    for expected in (1, 0):
        async with interview_unit_of_work(runtime) as interviews:
            sent = await announce_unevaluated(uow=interviews, older_than=wait, now=later)
        assert sent == expected
