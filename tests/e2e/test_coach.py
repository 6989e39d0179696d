"""The coach end to end, through the gateway: feedback quoting a failing test, a tutor that cites
the subject's guide, and a student outside the subject turned away."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx
import pytest

from servicekit.testing.client import when_ready

from .conftest import SignUp, coding_attempt
from .test_code_submission import submit

pytestmark = pytest.mark.e2e

SUBJECT_ID = "algorithm-patterns"  # from the content pack


def until_ok(request: Callable[[], httpx.Response], within: float = 60) -> httpx.Response:
    """Retry while coach's read models catch up (404 or 403 until the events arrive)."""
    deadline = time.monotonic() + within
    while True:
        response = request()
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.3)


def test_a_failed_submission_gets_feedback_quoting_its_failing_test(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    attempt_id = coding_attempt(api, learner)
    wrong = "def best_pair_within_budget(prices, budget):\n    return 0\n"
    submission = submit(api, learner, attempt_id, wrong)
    failing = next(t for t in submission["test_results"] if not t["passed"] and not t["is_hidden"])

    found = when_ready(
        lambda: api.get(
            "/coach/feedback", params={"submission_id": submission["id"]}, headers=learner
        )
    )
    assert found.status_code == 200, found.text
    feedback = found.json()["items"][0]
    assert feedback["type"] == "hint"
    assert f"Test {failing['test_index'] + 1} failed" in feedback["content"]
    assert f"expected `{json.dumps(failing['expected'])}`" in feedback["content"]
    assert "your code returned `0`" in feedback["content"]
    assert feedback["answer"]["provider"] == "builtin"


def until_unlocked(request: Callable[[], httpx.Response], within: float = 60) -> httpx.Response:
    """Retry while the answer is 425, as its Retry-After asks, up to `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        response = request()
        if response.status_code != 425 or time.monotonic() > deadline:
            return response
        time.sleep(min(float(response.headers["Retry-After"]), 1.0))


def test_a_written_response_gets_the_coachs_feedback_once_unlocked(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    answer = {
        "task_id": "duplicate-orders-on-retry",  # from the content pack
        "assumptions": "About 300 checkouts per second at peak.",
        "architecture": "An idempotency key per order, unique in the orders table.",
        "trade_offs": "Keys kept a day cost storage but save refunds.",
        "failure_scenarios": "The provider times out: retry with the same key.",
    }
    created = when_ready(
        lambda: api.post("/responses", json=answer, params={"wait": 30}, headers=learner)
    )
    assert created.status_code in (200, 201), created.text
    response_id = created.json()["response"]["id"]

    unlocked = until_unlocked(
        lambda: api.post(f"/responses/{response_id}/feedback", headers=learner)
    )
    assert unlocked.status_code == 200, unlocked.text
    body = unlocked.json()
    assert body["feedback_status"] == "ready"
    coach = api.get("/coach/feedback", params={"response_id": response_id}, headers=learner)
    written = coach.json()["items"][0]
    assert (body["feedback"], body["feedback_type"]) == (written["content"], written["type"])
    shown = api.get(f"/responses/{response_id}", headers=learner).json()["response"]
    assert shown["ai_feedback"] == body["feedback"]
    assert shown["ai_unlocked_at"] == body["unlocked_at"]


def test_a_tutor_chat_cites_the_subjects_guide_and_outsiders_get_403(
    api: httpx.Client, sign_up: SignUp
) -> None:
    enrolled, outsider = sign_up().headers, sign_up().headers
    joined = when_ready(lambda: api.post(f"/subjects/{SUBJECT_ID}/enroll", headers=enrolled))
    assert joined.status_code == 201, joined.text

    question = {"subject_id": SUBJECT_ID, "message": "When does a sliding window apply?"}
    answer = until_ok(lambda: api.post("/chat", json=question, headers=enrolled))
    assert answer.status_code == 200, answer.text
    citations = answer.json()["message"]["citations"]
    assert citations[0]["source_id"] == SUBJECT_ID
    assert citations[0]["heading"] == "Sliding window"

    refused = api.post("/chat", json=question, headers=outsider)
    assert refused.status_code == 403
    assert refused.json()["code"] == "NOT_ENROLLED"


def test_an_admin_generates_a_task_that_a_learner_then_finds_in_tasks(
    api: httpx.Client, admin: dict[str, str], learner: dict[str, str]
) -> None:
    refused = api.post("/admin/generate/task", headers=learner)
    assert refused.status_code == 403

    params = {"role": "Systems Engineer", "difficulty": "advanced"}
    started = when_ready(lambda: api.post("/admin/generate/task", params=params, headers=admin))
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]

    deadline = time.monotonic() + 60
    while (job := api.get(f"/admin/generate/jobs/{job_id}", headers=admin).json())[
        "status"
    ] == "pending" and time.monotonic() < deadline:
        time.sleep(0.3)
    assert job["status"] == "completed", job
    [task_id] = job["item_ids"]

    listed = api.get(
        "/tasks",
        params={"role": "systems", "difficulty": "advanced", "limit": 100},
        headers=learner,
    )
    assert listed.status_code == 200, listed.text
    task = next(t for t in listed.json()["items"] if t["id"] == task_id)
    assert task["source"] == "generated"
    assert task["title"] == job["items"][0]["title"]
    assert set(task["prompts"]) == {
        "assumptions",
        "architecture",
        "trade_offs",
        "failure_scenarios",
    }

    crons = api.get("/admin/crons", headers=admin)
    assert crons.status_code == 200
    assert crons.json()["items"][0]["name"] == "daily_generation"


def test_a_design_chat_answer_cites_a_missing_requirement_and_the_learners_components(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    started = when_ready(
        lambda: api.post(
            "/design-sessions", json={"problem_id": "api-rate-limiter"}, headers=learner
        )
    )
    assert started.status_code == 201, started.text
    base = f"/design-sessions/{started.json()['session']['id']}"
    diagram = {"nodes": [{"label": "Load balancer"}, {"label": "API servers"}]}
    saved = api.put(
        f"{base}/autosave", json={"diagram_data": diagram, "time_spent": 60}, headers=learner
    )
    assert saved.status_code == 200, saved.text

    asked = api.post(f"{base}/chat", json={"content": "How do I allow bursts?"}, headers=learner)
    assert asked.status_code == 200, asked.text
    reply = asked.json()["reply"]
    assert "Requirement 1" in reply["content"]
    assert "has no component in your diagram yet" in reply["content"]
    assert "Load balancer" in reply["content"]
    assert 1 in reply["grounding"]["missing_requirements"]
    assert reply["answer"]["provider"] == "builtin"
    assert asked.headers["ratelimit-limit"] == "10"

    shown = api.get(base, headers=learner).json()
    assert [m["role"] for m in shown["chat_messages"]] == ["user", "assistant"]
    internal = api.post("/internal/v1/design-chat", json={}, headers=learner)
    assert internal.status_code == 404  # the coach's internal route is not public
