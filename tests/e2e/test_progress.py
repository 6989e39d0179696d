"""A learner's progress end to end: drills, a written answer and a solved problem, then the
learner's, their professor's and the admin's views of it, all through the gateway."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from servicekit.testing.accounts import PASSWORD, login
from servicekit.testing.client import when_ready

from .conftest import PAIR_PROBLEM, coding_attempt

pytestmark = pytest.mark.e2e

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
WAIT = {"wait": 30}
ANSWER = {
    "task_id": "duplicate-orders-on-retry",
    "assumptions": "About 300 checkouts per second at peak and a 2 s client timeout.",
    "architecture": "The client sends an idempotency key; the order service stores it uniquely.",
    "trade_offs": "Keeping keys for 24 hours costs storage but is cheaper than refunds.",
    "failure_scenarios": "The payment provider times out: retry with the same idempotency key.",
}


def eventually(read: Callable[[], httpx.Response], done: Callable[[Any], bool]) -> Any:
    """Read again while the events that change the answer are on their way."""
    deadline = time.monotonic() + 60
    while True:
        response = read()
        assert response.status_code == 200, response.text
        if done(body := response.json()) or time.monotonic() > deadline:
            return body
        time.sleep(0.3)


def sign_up(api: httpx.Client, username: str) -> str:
    body = {
        "email": f"{username}@example.com",
        "password": PASSWORD,
        "full_name": f"Ada {username}",
        "username": username,
    }
    response = api.post("/auth/register", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["user"]["id"])


def token_by_username(api: httpx.Client, username: str) -> dict[str, str]:
    response = api.post("/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def answer_drill(api: httpx.Client, auth: dict[str, str], right: bool) -> dict[str, Any]:
    drill = when_ready(lambda: api.get("/drills/next", headers=auth))
    assert drill.status_code == 200, drill.text
    assert "correct_answer" not in drill.json()
    correct = yaml.safe_load((PACK / "drills" / f"{drill.json()['id']}.yaml").read_text())
    wrong = next(o for o in drill.json()["options"] if o != correct["correct_answer"])
    choice = correct["correct_answer"] if right else wrong
    answered = api.post(
        "/drills/answers",
        json={"drill_id": drill.json()["id"], "user_answer": choice},
        headers=auth,
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["is_correct"] is right
    result: dict[str, Any] = answered.json()
    return result


def solve_problem(api: httpx.Client, auth: dict[str, str]) -> None:
    attempt_id = coding_attempt(api, auth)
    problem = yaml.safe_load((PACK / "coding" / f"{PAIR_PROBLEM}.yaml").read_text())
    submitted = api.post(
        f"/attempts/{attempt_id}/submissions",
        params=WAIT,
        json={"code": problem["reference_solutions"]["python"], "language": "python"},
        headers=auth,
    )
    assert submitted.json()["submission"]["verdict"] == "accepted", submitted.text


def test_a_learners_work_shows_in_their_progress_and_their_professors_and_admins_views(
    api: httpx.Client, admin: dict[str, str]
) -> None:
    suffix = uuid.uuid4().hex[:8]
    student_id = sign_up(api, f"student_{suffix}")
    professor_id = sign_up(api, f"prof_{suffix}")
    promoted = api.put(
        f"/admin/users/{professor_id}/role", json={"role": "professor"}, headers=admin
    )
    assert promoted.status_code == 200, promoted.text
    student, professor = (
        token_by_username(api, f"student_{suffix}"),
        login(api, f"prof_{suffix}@example.com"),
    )
    subject_id = f"systems-{suffix}"
    created = api.post(
        "/subjects",
        json={"id": subject_id, "name": "Systems", "professor_id": professor_id},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    enrolled = when_ready(lambda: api.post(f"/subjects/{subject_id}/enroll", headers=student))
    assert enrolled.status_code == 201, enrolled.text

    first = answer_drill(api, student, right=True)
    second = answer_drill(api, student, right=False)
    again = api.post(
        "/drills/answers",
        json={"drill_id": first["drill_id"], "user_answer": first["user_answer"]},
        headers=student,
    )
    assert again.status_code == 409
    written = when_ready(lambda: api.post("/responses", json=ANSWER, params=WAIT, headers=student))
    assert written.json()["response"]["status"] == "succeeded", written.text
    solve_problem(api, student)

    history = api.get("/drills/history", headers=student).json()
    assert [h["drill_id"] for h in history] == [second["drill_id"], first["drill_id"]]
    stats = api.get("/drills/stats", headers=student).json()
    assert (stats["total_attempted"], stats["total_correct"], stats["accuracy"]) == (2, 1, 50.0)
    progress = eventually(
        lambda: api.get("/progress", headers=student), lambda p: p["total_tasks_completed"] == 4
    )
    assert (progress["total_tasks_completed"], progress["current_streak"]) == (4, 1)
    assert progress["average_score"] == written.json()["response"]["score"]  # the only scored one
    analytics = api.get("/analytics/me", headers=student).json()
    assert analytics["overview"]["total_sessions"] == 4
    assert analytics["overview"]["streak_days"] == 1
    assert sum(day["sessions"] for day in analytics["recent_activity"]) == 4
    assert analytics["recommendations"]
    zone = "Pacific/Kiritimati"
    preferred = api.patch("/users/me", json={"preferences": {"time_zone": zone}}, headers=student)
    assert preferred.json()["preferences"]["time_zone"] == zone, preferred.text
    in_zone = eventually(  # identity's user_updated event carries the zone to practice
        lambda: api.get("/progress", headers=student), lambda p: p["time_zone"] == zone
    )
    assert (in_zone["time_zone"], in_zone["total_tasks_completed"]) == (zone, 4)

    students = eventually(
        lambda: api.get("/professor/students", headers=professor),
        lambda rows: any(r["user_id"] == student_id and r["full_name"] for r in rows),
    )
    [seen] = [s for s in students if s["user_id"] == student_id]
    assert (seen["total_tasks_completed"], seen["subject_ids"]) == (4, [subject_id])
    subject = api.get(f"/professor/subjects/{subject_id}/analytics", headers=professor).json()
    assert (subject["total_students"], subject["active_students"]) == (1, 1)

    platform = eventually(
        lambda: api.get("/admin/stats", headers=admin),
        lambda s: s["users_by_role"].get("professor", 0) >= 1,
    )
    assert platform["users_by_role"]["student"] >= 1
    assert platform["total_drill_answers"] >= 2
    assert platform["total_responses"] >= 1
    assert platform["submissions_by_kind"]["code"]["accepted"] >= 1
    assert platform["submissions_by_kind"]["text"]
    assert platform["active_users"]["1d"] >= 1
    assert platform["total_drills"] >= 2

    for path in (
        "/professor/students",
        f"/professor/subjects/{subject_id}/analytics",
        "/admin/stats",
    ):
        assert api.get(path, headers=student).status_code == 403
