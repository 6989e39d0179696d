"""Bug hunt against the real broker: answers scored by events, retries counted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

SECRETS = {
    "bug_lines": [3],
    "expected_concepts": ["off-by-one"],
    "explanation": "SECRET-EXPLANATION: the range stops one short.",
    "hint": "SECRET-HINT: look at the loop bounds.",
    "fixed_code": "SECRET-FIX",
    "tests": [{"input": [[1]], "expected_output": 1}],
    "entry_point": "total",
}

CODE = """def total(xs):
    s = 0
    for i in range(len(xs) - 1):
        s += xs[i]
    return s
"""


def feedback(result: str) -> dict[str, Any]:
    found = result != "INCORRECT"
    return {
        "result": result,
        "line_selection_correct": found,
        "lines_found": int(found),
        "total_bug_lines": 1,
        "concepts_matched": result == "CORRECT",
        "matched_concepts": ["off-by-one"] if result == "CORRECT" else [],
        "total_concepts": 1,
    }


async def publish_item(harness: Any) -> str:
    return await harness.publish(
        "bug_hunt_item",
        "bug_hunt",
        title="Total",
        pattern="PREFIX_SUM",
        difficulty="EASY",
        language="python",
        prompt="Find the bug",
        code=CODE,
        **SECRETS,
    )


async def start(harness: Any, auth: dict[str, str], item_id: str) -> Any:
    return await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/bug-hunt/attempts", json={"item_id": item_id}, headers=auth
        )
    )


def leaks(answer: Any) -> bool:
    return any(word in str(answer) for word in ("SECRET", "bug_lines", "expected_concepts"))


async def test_a_miss_shows_the_hint_and_a_new_attempt_can_find_the_bug(
    harness: Any, tokens: TokenFactory
) -> None:
    auth, client = tokens.headers("hunter-1"), harness.client
    item_id = await publish_item(harness)
    started = await start(harness, auth, item_id)
    assert started.status_code == 201
    attempt, item = started.json()["attempt"], started.json()["item"]
    assert (attempt["status"], attempt["attempt_number"]) == ("STARTED", 1)
    assert item["code"].startswith("def total")
    assert not leaks(started.json())
    base = f"/api/v1/bug-hunt/attempts/{attempt['id']}"

    answer = {"selected_lines": [2], "explanation": "s should start at 1"}
    sent = await client.post(f"{base}/submit", json=answer, headers=auth)
    assert sent.status_code == 202
    assert sent.json()["attempt"]["status"] == "SUBMITTED"
    submission = sent.json()["submission"]
    assert (submission["type"], submission["answer"]) == ("bug_hunt", answer)
    [event] = await harness.announced_for(submission["id"])
    assert event["payload"]["kind"] == "bug_hunt"
    assert event["payload"]["answer"] == answer
    assert event["payload"]["reference"] == {"bug_lines": [3], "expected_concepts": ["off-by-one"]}
    pending = await client.post(f"{base}/submit", json=answer, headers=auth)
    assert (pending.status_code, pending.json()["code"]) == (409, "INVALID_STATE")

    waiting = asyncio.create_task(
        client.get(f"/api/v1/submissions/{submission['id']}", params={"wait": 20}, headers=auth)
    )
    await asyncio.sleep(0.3)
    await harness.evaluate(
        event, "bug_hunt", passed=False, score=0.0, feedback=feedback("INCORRECT")
    )
    assert (await waiting).json()["submission"]["status"] == "succeeded"
    missed = (await client.get(base, headers=auth)).json()["attempt"]
    assert (missed["status"], missed["result"], missed["score"]) == ("COMPLETED", "INCORRECT", 0.0)
    assert missed["hint"] == SECRETS["hint"]
    assert missed["solution_explanation"] is None
    assert missed["validation"]["total_bug_lines"] == 1
    done = await client.post(f"{base}/submit", json=answer, headers=auth)
    assert (done.status_code, done.json()["code"]) == (409, "ALREADY_COMPLETED")

    retry = (await start(harness, auth, item_id)).json()["attempt"]
    assert retry["attempt_number"] == 2
    submitting = asyncio.create_task(
        client.post(
            f"/api/v1/bug-hunt/attempts/{retry['id']}/submit",
            json={"selected_lines": [3], "explanation": "off-by-one: the range stops early"},
            params={"wait": 20},
            headers=auth,
        )
    )
    [second] = await harness.announced(lambda e: e["payload"].get("attempt_id") == retry["id"])
    await harness.evaluate(second, "bug_hunt", score=100.0, feedback=feedback("CORRECT"))
    found = await submitting
    assert found.status_code == 200
    attempt = found.json()["attempt"]
    assert (attempt["status"], attempt["result"]) == ("COMPLETED", "CORRECT")
    assert attempt["solution_explanation"] == SECRETS["explanation"]
    assert attempt["hint"] is None  # only after a miss on the first attempt

    listed = (
        await client.get("/api/v1/bug-hunt/attempts", params={"item_id": item_id}, headers=auth)
    ).json()
    assert [a["attempt_number"] for a in listed["items"]] == [2, 1]


async def test_bug_hunt_errors_and_privacy(harness: Any, tokens: TokenFactory) -> None:
    auth, other, client = tokens.headers("hunter-2"), tokens.headers("intruder"), harness.client
    unknown = await client.post("/api/v1/bug-hunt/attempts", json={"item_id": "nope"}, headers=auth)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "BUG_HUNT_ITEM_NOT_FOUND")

    item_id = await publish_item(harness)
    attempt = (await start(harness, auth, item_id)).json()["attempt"]
    base = f"/api/v1/bug-hunt/attempts/{attempt['id']}"
    for bad in (
        {"selected_lines": [], "explanation": "x"},
        {"selected_lines": [0], "explanation": "x"},
        {"selected_lines": list(range(1, 52)), "explanation": "x"},
        {"selected_lines": [1], "explanation": ""},
        {"selected_lines": [1], "explanation": "x", "extra": True},
    ):
        response = await client.post(f"{base}/submit", json=bad, headers=auth)
        assert response.status_code == 422, bad
    theirs = await client.get(base, headers=other)
    assert (theirs.status_code, theirs.json()["code"]) == (404, "BUG_HUNT_ATTEMPT_NOT_FOUND")
    stolen = await client.post(
        f"{base}/submit", json={"selected_lines": [3], "explanation": "x"}, headers=other
    )
    assert stolen.status_code == 404
    assert (await client.get("/api/v1/bug-hunt/attempts", headers=other)).json()["total"] == 0
    mine = await client.get(base, headers=auth)
    assert not leaks(mine.json())
