"""Sizes and counts bounded at the API: a clear 413, 422 or 409 rather than work or a 500."""

from __future__ import annotations

from typing import Any

import pytest

from practice.config import Settings
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration
OPEN_SESSIONS = 2
PARTS = ("assumptions", "architecture", "trade_offs", "failure_scenarios")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.max_open_design_sessions = OPEN_SESSIONS
    return settings


async def test_a_learner_has_a_bounded_number_of_open_design_sessions(
    harness: Any, tokens: TokenFactory
) -> None:
    auth = tokens.headers("designer-many")
    problems = [
        await harness.publish("problem", "system_design", title=f"P{n}", description="Design")
        for n in range(OPEN_SESSIONS + 1)
    ]

    async def start(problem_id: str) -> Any:
        return await harness.once_known(
            lambda: harness.client.post(
                "/api/v1/design-sessions", json={"problem_id": problem_id}, headers=auth
            )
        )

    opened = [await start(p) for p in problems[:OPEN_SESSIONS]]
    assert [o.status_code for o in opened] == [201] * OPEN_SESSIONS
    refused = await start(problems[-1])
    assert (refused.status_code, refused.json()["code"]) == (409, "TOO_MANY_OPEN_SESSIONS")
    assert (await start(problems[0])).status_code == 200  # resuming one is always possible
    first = opened[0].json()["session"]["id"]
    abandoned = await harness.client.delete(f"/api/v1/design-sessions/{first}", headers=auth)
    assert abandoned.status_code == 204
    assert (await start(problems[-1])).status_code == 201


async def test_a_written_answer_is_bounded_in_bytes_not_characters(
    harness: Any, tokens: TokenFactory
) -> None:
    part = "😀" * 10_000  # within the 20,000 characters of a part, 40 KB of UTF-8
    body = {"task_id": "t1", **dict.fromkeys(PARTS, part)}
    answer = await harness.client.post("/api/v1/responses", json=body, headers=tokens.headers())
    assert (answer.status_code, answer.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")


async def test_a_debug_lab_run_has_a_bounded_number_of_files(
    harness: Any, tokens: TokenFactory
) -> None:
    files = {f"f{n}.py": "" for n in range(101)}
    answer = await harness.client.post(
        "/api/v1/debug-lab/attempts/a1/run-tests", json={"files": files}, headers=tokens.headers()
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "VALIDATION_ERROR")


@pytest.mark.parametrize("route", ["autosave", "pause"])
async def test_time_spent_beyond_any_integer_column_is_a_422(
    harness: Any, tokens: TokenFactory, route: str
) -> None:
    body: dict[str, Any] = {"time_spent": 2**64}
    if route == "autosave":
        body["diagram_data"] = {}
    answer = await harness.client.put(
        f"/api/v1/design-sessions/s1/{route}", json=body, headers=tokens.headers()
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "VALIDATION_ERROR")
