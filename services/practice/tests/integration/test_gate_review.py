"""The thinking gate with the coach's review switched on: a model's warnings are added, the
verdict stays practice's, and a coach that fails or is slow changes nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from practice.coach_gate_review import HttpGateReviewer
from practice.config import Settings
from servicekit.migrations import upgrade
from servicekit.testing.infra import free_port
from servicekit.testing.tokens import TokenFactory

from .coach_wire import CoachWire
from .conftest import PREFIX_SUM_GATE, Harness
from .test_attempt_loop import INVARIANT, publish, started, step

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
WRONG_GATE = {
    "step_type": "THINKING_GATE",
    "selected_pattern": "HEAP",
    "stated_invariant": "The heap keeps the smallest totals seen so far in order.",
    "stated_complexity": "O(n log n)",
}
CONCERN = "What does your heap hold after the first range is answered?"


def answer(*warnings: str, provider: str = "openai") -> dict[str, Any]:
    record = {"provider": provider, "model": "m", "prompt_version": "gate.v1", "latency_ms": 2.0}
    return {"warnings": list(warnings), "answer": {**record, "fallback_reason": None}}


@pytest.fixture
def settings(service_settings: dict[str, Any], database_url: str) -> Settings:
    # Nothing listens on the coach's port: the real client meets a refused connection.
    settings = Settings(
        **{**service_settings, "database_url": database_url},
        coach_url=f"http://127.0.0.1:{free_port()}",
        coach_gate_review=True,
    )
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
async def coach(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[CoachWire]:
    wire = CoachWire(
        app,
        key="gate_reviewer",
        adapter=lambda coach, deadline: HttpGateReviewer(coach, deadline_seconds=deadline),
    )
    yield wire
    await wire.aclose()


async def gate(harness: Harness, auth: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """A fresh attempt's gate answer: a new learner each time, so each starts in THINKING_GATE."""
    attempt = await started(harness, auth, await publish(harness))
    response = await step(harness.client, auth, attempt["id"], body)
    assert response.status_code == 200, response.text
    answered: dict[str, Any] = response.json()
    return answered


async def test_a_models_warning_is_added_and_the_verdict_stays_practices(
    harness: Harness, tokens: TokenFactory, coach: CoachWire
) -> None:
    token = tokens.token("reviewed-1")
    auth = {"Authorization": f"Bearer {token}"}
    coach.answering(answer(CONCERN))

    failed = await gate(harness, auth, WRONG_GATE)
    assert (failed["passed"], failed["step"]["result"]) == (False, "FAIL")
    assert failed["attempt"]["state"] == "THINKING_GATE"
    validation = failed["validation"]
    assert validation["passed"] is False
    assert validation["llm_augmented"] is True
    assert validation["warnings"][-1] == CONCERN
    assert any("HEAP needs" in e for e in validation["errors"])

    sent = coach.sent()
    assert coach.seen[-1].url.path == "/internal/v1/gate-review"
    assert coach.seen[-1].headers["authorization"] == f"Bearer {token}"
    assert sent["problem"]["title"] == "Range totals"
    assert sent["answer"] == {k: v for k, v in WRONG_GATE.items() if k != "step_type"}
    assert sent["result"] == {"passed": False, "errors": validation["errors"]}
    assert "PREFIX_SUM" not in json.dumps(sent), "the expected pattern is never sent"
    assert INVARIANT not in json.dumps(sent), "nor the expected invariant"

    coach.answering(answer("Which earlier total do you subtract?"))
    passed = await gate(harness, auth, PREFIX_SUM_GATE)
    assert (passed["passed"], passed["attempt"]["state"]) == (True, "CODING")
    assert passed["validation"]["warnings"] == ["Which earlier total do you subtract?"]
    assert passed["validation"]["llm_augmented"] is True


async def test_the_builtin_provider_and_a_warning_naming_the_answer_add_nothing(
    harness: Harness, tokens: TokenFactory, coach: CoachWire
) -> None:
    auth = tokens.headers("reviewed-2")
    coach.answering(answer(CONCERN, provider="builtin"))
    builtin = (await gate(harness, auth, WRONG_GATE))["validation"]
    coach.answering(answer("A prefix sum would answer each range in O(1)."))
    leaking = (await gate(harness, auth, WRONG_GATE))["validation"]
    for validation in (builtin, leaking):
        assert validation["llm_augmented"] is False
        assert CONCERN not in validation["warnings"]
        assert not any("prefix sum" in w.lower() for w in validation["warnings"])
    assert builtin == leaking


async def test_a_coach_that_fails_or_is_slow_answers_as_without_it(
    harness: Harness, tokens: TokenFactory, coach: CoachWire, settings: Settings
) -> None:
    auth = tokens.headers("reviewed-3")
    settings.coach_gate_review = False
    without = await gate(harness, auth, WRONG_GATE)
    assert not coach.seen
    settings.coach_gate_review = True

    async def refusing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"detail": "boom"})

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json=answer(CONCERN))

    async def out_of_shape(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer(*[CONCERN] * 50))

    answers = []
    for handler in (refusing, slow, out_of_shape):
        coach.answers_with(handler, deadline=0.3)
        answers.append(await gate(harness, auth, WRONG_GATE))
    coach.restore()  # the real client, and nothing listens on the coach's port
    answers.append(await gate(harness, auth, WRONG_GATE))
    assert len(coach.seen) == 3
    for answered in answers:
        assert answered["validation"] == without["validation"]
        assert (answered["passed"], answered["step"]["result"]) == (False, "FAIL")
        assert answered["attempt"]["gate_failures"] == 1
