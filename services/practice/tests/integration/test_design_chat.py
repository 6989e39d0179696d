"""A design session's chat: practice keeps the messages, the coach (over HTTP) answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from practice.coach_design_chat import HttpDesignCoach
from practice.config import Settings
from servicekit.migrations import upgrade
from servicekit.testing.infra import free_port
from servicekit.testing.tokens import TokenFactory

from .coach_wire import CoachWire
from .test_design_sessions import start

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
REQUIREMENTS = ["Redirect short URLs with minimal latency", "Track click analytics"]
DIAGRAM = {"nodes": [{"data": {"label": "API servers"}}, {"data": {"label": "Redis cache"}}]}
ANSWER = {
    "content": 'Requirement 2 ("Track click analytics") has no component in your diagram yet.',
    "refused": False,
    "requirements": [{"number": 2, "text": "Track click analytics", "components": []}],
    "missing_requirements": [2],
    "components": ["Redis cache"],
    "answer": {
        "provider": "builtin",
        "model": "m",
        "prompt_version": "design.v1",
        "latency_ms": 1.5,
        "input_tokens": 40,
        "output_tokens": 12,
        "fallback_reason": None,
    },
}


@pytest.fixture
def settings(service_settings: dict[str, Any], database_url: str) -> Settings:
    # Nothing listens on the coach's port: the real client meets a refused connection.
    settings = Settings(
        **{**service_settings, "database_url": database_url},
        coach_url=f"http://127.0.0.1:{free_port()}",
        max_chat_messages=4,
        chat_history_turns=2,
    )
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
async def coach(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[CoachWire]:
    wire = CoachWire(app, key="coach", adapter=lambda coach, _: HttpDesignCoach(coach))
    yield wire
    await wire.aclose()


def answering(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=ANSWER)


def timing_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


async def open_session(harness: Any, auth: dict[str, str]) -> str:
    problem_id = await harness.publish(
        "problem",
        "system_design",
        title="URL shortener",
        description="Design a URL shortener",
        requirements=REQUIREMENTS,
        constraints=["Read-heavy workload"],
    )
    session_id: str = (await start(harness, auth, problem_id)).json()["session"]["id"]
    saved = await harness.client.put(
        f"/api/v1/design-sessions/{session_id}/autosave",
        json={"diagram_data": DIAGRAM, "time_spent": 30},
        headers=auth,
    )
    assert saved.status_code == 200
    return session_id


async def test_the_coach_is_asked_about_the_problem_and_diagram_and_both_messages_are_kept(
    harness: Any, tokens: TokenFactory, coach: CoachWire
) -> None:
    token = tokens.token("chatter-1")
    auth = {"Authorization": f"Bearer {token}"}
    session_id = await open_session(harness, auth)
    coach.answers_with(answering)
    base = f"/api/v1/design-sessions/{session_id}"

    asked = await harness.client.post(
        f"{base}/chat", json={"role": "user", "content": "What am I missing?"}, headers=auth
    )
    assert asked.status_code == 200, asked.text
    body = asked.json()
    assert (body["message"]["role"], body["message"]["content"]) == ("user", "What am I missing?")
    assert body["reply"]["content"] == ANSWER["content"]
    assert body["reply"]["grounding"]["missing_requirements"] == [2]
    assert body["reply"]["grounding"]["components"] == ["Redis cache"]
    assert body["reply"]["answer"]["prompt_version"] == "design.v1"
    sent = coach.sent()
    assert coach.seen[-1].headers["authorization"] == f"Bearer {token}"
    assert sent["problem"]["requirements"] == REQUIREMENTS
    assert sent["problem"]["constraints"] == ["Read-heavy workload"]
    assert sent["diagram"]["components"] == ["API servers", "Redis cache"]
    assert (sent["history"], sent["message"]) == ([], "What am I missing?")

    await harness.client.post(f"{base}/chat", json={"content": "And now?"}, headers=auth)
    assert [t["content"] for t in coach.sent()["history"]] == [
        "What am I missing?",
        ANSWER["content"],
    ]
    shown = (await harness.client.get(base, headers=auth)).json()
    assert shown["chat_messages_total"] == 4
    assert [m["role"] for m in shown["chat_messages"]] == ["user", "assistant"] * 2
    page = (await harness.client.get(f"{base}/chat?limit=1&offset=2", headers=auth)).json()
    assert ([m["content"] for m in page["items"]], page["total"]) == (["And now?"], 4)

    full = await harness.client.post(f"{base}/chat", json={"content": "More?"}, headers=auth)
    assert (full.status_code, full.json()["code"]) == (409, "CHAT_LIMIT_REACHED")


async def test_an_unreachable_coach_is_a_503_and_the_message_is_kept_for_a_resend(
    harness: Any, tokens: TokenFactory, coach: CoachWire
) -> None:
    auth = tokens.headers("chatter-2")
    session_id = await open_session(harness, auth)
    base = f"/api/v1/design-sessions/{session_id}"
    question = {"content": "Is a cache enough?"}

    down = await harness.client.post(f"{base}/chat", json=question, headers=auth)
    assert (down.status_code, down.json()["code"]) == (503, "UPSTREAM_UNAVAILABLE")
    assert down.headers["retry-after"] == "5"
    kept = (await harness.client.get(base, headers=auth)).json()["chat_messages"]
    assert [(m["role"], m["content"]) for m in kept] == [("user", "Is a cache enough?")]

    coach.answers_with(timing_out)
    slow = await harness.client.post(f"{base}/chat", json=question, headers=auth)
    assert (slow.status_code, slow.json()["code"]) == (504, "UPSTREAM_TIMEOUT")

    coach.answers_with(answering)
    again = await harness.client.post(f"{base}/chat", json=question, headers=auth)
    assert again.status_code == 200, again.text
    assert again.json()["message"]["id"] == kept[0]["id"]  # answered, not stored twice
    shown = (await harness.client.get(base, headers=auth)).json()
    assert [m["role"] for m in shown["chat_messages"]] == ["user", "assistant"]


async def test_chat_is_refused_for_others_closed_sessions_and_oversized_messages(
    harness: Any, tokens: TokenFactory, coach: CoachWire
) -> None:
    auth, client = tokens.headers("chatter-3"), harness.client
    session_id = await open_session(harness, auth)
    coach.answers_with(answering)
    base = f"/api/v1/design-sessions/{session_id}"

    theirs = await client.post(f"{base}/chat", json={"content": "hi"}, headers=tokens.headers())
    assert (theirs.status_code, theirs.json()["code"]) == (404, "DESIGN_SESSION_NOT_FOUND")
    for body in ({"content": "   "}, {"content": ""}, {"role": "assistant", "content": "x"}):
        assert (await client.post(f"{base}/chat", json=body, headers=auth)).status_code == 422
    wide = await client.post(f"{base}/chat", json={"content": "🙂" * 3000}, headers=auth)
    assert (wide.status_code, wide.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")
    await client.put(f"{base}/pause", headers=auth)
    paused = await client.post(f"{base}/chat", json={"content": "hi"}, headers=auth)
    assert (paused.status_code, paused.json()["code"]) == (409, "INVALID_STATE")
    assert coach.seen == []
