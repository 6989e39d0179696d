"""System-design sessions against the real broker: autosave, pause, submit, scored by events."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from contracts.catalogue.parts import Rubric
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

RUBRIC = {
    "components": [{"name": "load balancer", "keywords": ["lb"], "weight": 2}],
    "trade_offs": [{"name": "consistency vs latency", "keywords": ["eventual"], "weight": 1}],
}
DIAGRAM = {
    "nodes": [
        {"id": "1", "type": "service", "data": {"label": "Load balancer"}},
        {"id": "2", "data": {"label": "API servers"}, "children": [{"text": "Redis cache"}]},
    ],
    "edges": [{"source": "1", "target": "2", "label": "HTTP"}],
    "appState": {"viewBackgroundColor": "#ffffff"},
}
FEEDBACK = {
    "strengths": ["Uses a load balancer"],
    "improvements": ["Add a message queue"],
    "missing_components": ["message queue"],
    "components_covered": ["load balancer"],
    "trade_offs_covered": [],
}


async def publish_problem(harness: Any) -> str:
    return await harness.publish(
        "problem", "system_design", title="Chat", description="Design a chat", rubric=RUBRIC
    )


async def start(harness: Any, auth: dict[str, str], problem_id: str) -> Any:
    return await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/design-sessions", json={"problem_id": problem_id}, headers=auth
        )
    )


async def test_a_session_is_autosaved_submitted_and_scored(
    harness: Any, tokens: TokenFactory
) -> None:
    auth, client = tokens.headers("designer-1"), harness.client
    problem_id = await publish_problem(harness)
    started = await start(harness, auth, problem_id)
    assert started.status_code == 201
    session = started.json()["session"]
    assert session["status"] == "active"
    assert "rubric" not in started.json()["problem"]
    resumed = await start(harness, auth, problem_id)
    assert (resumed.status_code, resumed.json()["session"]["id"]) == (200, session["id"])
    base = f"/api/v1/design-sessions/{session['id']}"

    saved = await client.put(
        f"{base}/autosave", json={"diagram_data": DIAGRAM, "time_spent": 60}, headers=auth
    )
    assert saved.status_code == 200
    assert saved.json()["saved"] is True
    reordered = dict(reversed(DIAGRAM.items()))
    unchanged = await client.put(
        f"{base}/autosave",
        json={"diagram_data": reordered, "time_spent": 90, "description": "An LB in front."},
        headers=auth,
    )
    assert unchanged.json()["saved"] is False
    assert unchanged.json()["session"]["time_spent"] == 90
    assert unchanged.json()["session"]["diagram_hash"] == saved.json()["session"]["diagram_hash"]

    paused = await client.put(f"{base}/pause", json={"time_spent": 120}, headers=auth)
    assert (paused.json()["session"]["status"], paused.json()["session"]["time_spent"]) == (
        "paused",
        120,
    )
    refused = await client.put(
        f"{base}/autosave", json={"diagram_data": {}, "time_spent": 1}, headers=auth
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "INVALID_STATE")
    assert (await start(harness, auth, problem_id)).json()["session"]["status"] == "paused"
    assert (await client.put(f"{base}/resume", headers=auth)).json()["session"][
        "status"
    ] == "active"
    again = await client.put(f"{base}/resume", headers=auth)
    assert (again.status_code, again.json()["code"]) == (409, "INVALID_STATE")

    submitted = await client.post(
        f"{base}/submit",
        json={"description": "LB, API servers, cache; eventual reads."},
        headers=auth,
    )
    assert submitted.status_code == 202
    body = submitted.json()
    assert body["session"]["status"] == "submitted"
    assert (body["submission"]["type"], body["submission"]["status"]) == ("design", "queued")
    [event] = await harness.announced_for(body["submission"]["id"])
    assert event["payload"]["kind"] == "design"
    assert event["payload"]["answer"] == {
        "description": "LB, API servers, cache; eventual reads.",
        "diagram_labels": ["Load balancer", "API servers", "Redis cache", "HTTP"],
    }
    rubric = Rubric.model_validate(RUBRIC).model_dump(mode="json")  # defaults filled in
    assert event["payload"]["reference"] == {"rubric": rubric}

    waiting = asyncio.create_task(
        client.get(
            f"/api/v1/submissions/{body['submission']['id']}", params={"wait": 20}, headers=auth
        )
    )
    await asyncio.sleep(0.3)
    await harness.evaluate(
        event,
        "design",
        score=72.0,
        score_breakdown={"components": 80.0, "trade_offs": 60.0},
        feedback=FEEDBACK,
    )
    judged = (await waiting).json()["submission"]
    assert (judged["status"], judged["score"]) == ("succeeded", 72.0)
    scored = (await client.get(base, headers=auth)).json()["session"]
    assert scored["score"] == 72.0
    assert scored["feedback"] == {
        "strengths": ["Uses a load balancer"],
        "improvements": ["Add a message queue"],
        "missing_components": ["message queue"],
    }

    twice = await client.post(f"{base}/submit", headers=auth)
    assert (twice.status_code, twice.json()["code"]) == (409, "INVALID_STATE")
    fresh = await start(harness, auth, problem_id)
    assert fresh.status_code == 201
    assert fresh.json()["session"]["id"] != session["id"]


async def test_submit_with_wait_answers_once_scored(harness: Any, tokens: TokenFactory) -> None:
    auth = tokens.headers("designer-2")
    problem_id = await publish_problem(harness)
    session = (await start(harness, auth, problem_id)).json()["session"]
    submitting = asyncio.create_task(
        harness.client.post(
            f"/api/v1/design-sessions/{session['id']}/submit", params={"wait": 20}, headers=auth
        )
    )
    [event] = await harness.announced(lambda e: e["payload"].get("attempt_id") == session["id"])
    await harness.evaluate(event, "design", score=40.0, feedback=FEEDBACK)
    answered = await submitting
    assert answered.status_code == 200
    assert answered.json()["session"]["score"] == 40.0
    assert answered.json()["submission"]["feedback"] == FEEDBACK


async def test_abandon_ownership_and_errors(harness: Any, tokens: TokenFactory) -> None:
    auth, other, client = tokens.headers("designer-3"), tokens.headers("intruder"), harness.client
    coding = await harness.publish(
        "problem",
        "coding",
        title="Sum",
        description="d",
        execution={"mode": "function", "entry_point": "total"},
        tests=[{"input": [[1]], "expected_output": 1}],
    )
    await harness.once_known(
        lambda: client.post("/api/v1/attempts", json={"problem_id": coding}, headers=auth)
    )
    not_design = await client.post(
        "/api/v1/design-sessions", json={"problem_id": coding}, headers=auth
    )
    assert (not_design.status_code, not_design.json()["code"]) == (404, "PROBLEM_NOT_FOUND")

    problem_id = await publish_problem(harness)
    session = (await start(harness, auth, problem_id)).json()["session"]
    base = f"/api/v1/design-sessions/{session['id']}"
    for method, path in (("GET", base), ("PUT", f"{base}/pause"), ("DELETE", base)):
        theirs = await client.request(method, path, headers=other)
        assert (theirs.status_code, theirs.json()["code"]) == (404, "DESIGN_SESSION_NOT_FOUND")
    invalid = await client.put(
        f"{base}/autosave", json={"diagram_data": {}, "time_spent": -1}, headers=auth
    )
    assert invalid.status_code == 422

    assert (await client.delete(base, headers=auth)).status_code == 204
    assert (await client.get(base, headers=auth)).json()["session"]["status"] == "abandoned"
    gone = await client.put(f"{base}/resume", headers=auth)
    assert (gone.status_code, gone.json()["code"]) == (409, "INVALID_STATE")
    assert (await client.delete(base, headers=auth)).status_code == 409
    abandoned = await client.get(
        "/api/v1/design-sessions",
        params={"status": "abandoned", "problem_id": problem_id},
        headers=auth,
    )
    assert [s["id"] for s in abandoned.json()["items"]] == [session["id"]]
    assert (await start(harness, auth, problem_id)).status_code == 201
    listed = (await client.get("/api/v1/design-sessions", headers=auth)).json()
    assert listed["total"] == 2
