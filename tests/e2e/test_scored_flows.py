"""Written answers, designs, bug hunts and debug labs end to end: gateway, practice, evaluation.

Each flow uses an item of the real content pack and waits (`?wait=`) for the real
evaluation service to score it or run it in the sandbox.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from servicekit.testing.accounts import Account, login
from servicekit.testing.client import when_ready

pytestmark = pytest.mark.e2e

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
WAIT = {"wait": 30}


def pack_item(path: str) -> dict[str, Any]:
    item: dict[str, Any] = yaml.safe_load((PACK / path).read_text())
    return item


def test_a_written_answer_is_scored_on_the_five_dimensions(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    answer = {
        "task_id": "duplicate-orders-on-retry",
        "assumptions": "We assume about 300 checkouts per second at peak and a 2 s client timeout.",
        "architecture": (
            "Start simple: the client sends an idempotency key with every order, and the order "
            "service stores it with a unique constraint in the same transaction as the order."
        ),
        "trade_offs": (
            "Keeping keys for 24 hours costs storage, but it is cheaper than refunds because a "
            "duplicate charge costs trust. We dedupe in the database instead of a cache since "
            "the cache can lose keys."
        ),
        "failure_scenarios": (
            "- The payment provider times out: we retry with the same idempotency key.\n"
            "- The database fails over: the unique constraint still holds on the replica.\n"
            "- A surge of retries: rate limit per client and alert on the duplicate metric."
        ),
    }
    created = when_ready(lambda: api.post("/responses", json=answer, params=WAIT, headers=learner))
    assert created.status_code in (200, 201), created.text
    response = created.json()["response"]
    assert response["status"] == "succeeded", response
    assert set(response["score_breakdown"]) == {
        "clarity",
        "constraints_awareness",
        "trade_off_reasoning",
        "failure_anticipation",
        "simplicity",
    }
    assert 0 < response["score"] <= 10
    assert "idempotency" in str(response["feedback"]["evidence"]["failure_anticipation"])
    listed = api.get("/responses", headers=learner).json()
    assert [r["id"] for r in listed["items"]] == [response["id"]]


def test_a_design_session_is_scored_against_the_rubric(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    started = when_ready(
        lambda: api.post(
            "/design-sessions", json={"problem_id": "api-rate-limiter"}, headers=learner
        )
    )
    assert started.status_code == 201, started.text
    session = started.json()["session"]
    diagram = {"nodes": [{"label": "load balancer"}, {"label": "Redis token buckets"}]}
    saved = api.put(
        f"/design-sessions/{session['id']}/autosave",
        json={"diagram_data": diagram, "time_spent": 600},
        headers=learner,
    )
    assert saved.status_code == 200, saved.text
    submitted = api.post(
        f"/design-sessions/{session['id']}/submit",
        json={"description": "A gateway checks a token bucket per API key kept in Redis."},
        params=WAIT,
        headers=learner,
    )
    assert submitted.status_code in (200, 202), submitted.text
    scored = submitted.json()["session"]
    assert scored["score"] is not None
    assert 0 < scored["score"] <= 100
    assert set(scored["feedback"]) == {"strengths", "improvements", "missing_components"}
    assert scored["feedback"]["strengths"]


def test_a_bug_hunt_finds_the_bug_line_and_names_the_concept(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    item = pack_item("bug_hunt/busiest-stretch-of-requests.yaml")
    started = when_ready(
        lambda: api.post("/bug-hunt/attempts", json={"item_id": item["id"]}, headers=learner)
    )
    assert started.status_code == 201, started.text
    shown = started.json()["item"]
    assert "bug_lines" not in shown
    assert "fixed_code" not in shown
    attempt = started.json()["attempt"]
    submitted = api.post(
        f"/bug-hunt/attempts/{attempt['id']}/submit",
        json={
            "selected_lines": item["bug_lines"],
            "explanation": "An off-by-one: the range stops early, so the last window is skipped.",
        },
        params=WAIT,
        headers=learner,
    )
    assert submitted.status_code in (200, 202), submitted.text
    assert submitted.json()["attempt"]["result"] == "CORRECT"


def test_a_debug_lab_is_triaged_fails_as_shipped_and_passes_with_the_fix(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    lab = PACK / "debug_lab" / "py-expense-split-lost-cents"
    item = pack_item("debug_lab/py-expense-split-lost-cents/item.yaml")
    started = when_ready(
        lambda: api.post("/debug-lab/attempts", json={"item_id": item["id"]}, headers=learner)
    )
    assert started.status_code == 201, started.text
    attempt_id = started.json()["attempt"]["id"]
    assert "solution" not in started.json()["item"]
    assert "hidden_files" not in started.json()["item"]

    early = api.post(
        f"/debug-lab/attempts/{attempt_id}/run-tests", json={"files": {}}, headers=learner
    )
    assert early.status_code == 409
    assert early.json()["code"] == "TRIAGE_REQUIRED"

    triage = api.post(
        f"/debug-lab/attempts/{attempt_id}/triage",
        json={
            "category": item["defect_category"],
            "severity": item["severity"],
            "priority": item["priority"],
            "first_actions": "Reproduce with an uneven receipt, then add a failing test.",
        },
        params=WAIT,
        headers=learner,
    )
    assert triage.status_code in (200, 202), triage.text
    assert triage.json()["attempt"]["triage_score"] >= 75

    shipped = api.post(
        f"/debug-lab/attempts/{attempt_id}/run-tests",
        json={"files": {}},
        params=WAIT,
        headers=learner,
    )
    result = shipped.json()["attempt"]["execution_result"]
    assert (result["passed"], result["signal_type"]) == (False, "test_failure"), result
    assert result["tests_total"] > 0

    fix = {path.name: path.read_text() for path in (lab / "solution").iterdir()}
    fixed = api.post(
        f"/debug-lab/attempts/{attempt_id}/submit",
        json={"files": fix, "explanation": "Hand the leftover cents to the largest remainders."},
        params=WAIT,
        headers=learner,
    )
    assert fixed.status_code in (200, 202), fixed.text
    attempt = fixed.json()["attempt"]
    assert attempt["status"] == "PASSED", attempt
    assert attempt["hidden_result"]["passed"] is True
    assert attempt["solution_explanation"]


def test_a_professor_reads_an_enrolled_students_evaluation(
    api: httpx.Client, sign_up: Callable[[], Account], admin: dict[str, str]
) -> None:
    teacher = sign_up()
    promoted = api.put(f"/admin/users/{teacher.id}/role", json={"role": "professor"}, headers=admin)
    assert promoted.status_code == 200, promoted.text
    professor = login(api, teacher.email)  # the role travels in tokens issued after the change
    subject = {"id": f"course-{teacher.id[:8]}", "name": "Debugging", "professor_id": teacher.id}
    assert api.post("/subjects", json=subject, headers=admin).status_code == 201

    student = sign_up().headers
    assert api.post(f"/subjects/{subject['id']}/enroll", headers=student).status_code == 201
    item_id = "busiest-stretch-of-requests"
    attempt = when_ready(
        lambda: api.post("/bug-hunt/attempts", json={"item_id": item_id}, headers=student)
    ).json()["attempt"]
    submitted = api.post(
        f"/bug-hunt/attempts/{attempt['id']}/submit",
        json={"selected_lines": [1], "explanation": "Not sure."},
        params=WAIT,
        headers=student,
    ).json()
    submission_id = submitted["submission"]["id"]

    def runs_seen_by(viewer: dict[str, str]) -> int:
        runs = api.get("/evaluations", params={"submission_id": submission_id}, headers=viewer)
        assert runs.status_code == 200, runs.text
        total: int = runs.json()["total"]
        return total

    assert runs_seen_by(student) == 1
    deadline = time.monotonic() + 30  # the enrolment reaches evaluation as an event
    while runs_seen_by(professor) == 0 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert runs_seen_by(professor) == 1
    assert runs_seen_by(sign_up().headers) == 0
