"""Professor and admin views against the real broker: users, subjects and enrolments as events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.content import StudentEnrolled
from contracts.identity import UserRegistered, UserRoleChanged
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


def someone(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def register(harness: Any, user_id: str, role: str = "student") -> None:
    await harness.publisher.send(
        UserRegistered(
            user_id=user_id,
            email=f"{user_id}@example.com",
            username=user_id,
            full_name=f"Name of {user_id}",
            role=role,  # type: ignore[arg-type]
        ),
        producer="identity",
    )


async def test_a_professor_sees_the_students_of_their_subjects_only(
    harness: Any, tokens: TokenFactory
) -> None:
    teacher, colleague, student = someone("prof"), someone("prof"), someone("student")
    await register(harness, student)
    subject_id = await harness.publish("subject", "subject", name="Systems", professor_id=teacher)
    other_subject = await harness.publish(
        "subject", "subject", name="Other", professor_id=colleague
    )
    await harness.publisher.send(StudentEnrolled(subject_id=subject_id, user_id=student))
    await harness.publisher.send(StudentEnrolled(subject_id=subject_id, user_id=student))  # twice

    auth = tokens.headers(student)
    drill_id = await harness.publish(
        "drill",
        "drill",
        title="t",
        drill_type="rank_failures",
        question="q",
        options=["a", "b"],
        correct_answer="a",
    )
    await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/drills/answers", json={"drill_id": drill_id, "user_answer": "a"}, headers=auth
        )
    )

    mine = tokens.headers(teacher, role="professor")
    [seen] = await harness.until(
        "/api/v1/professor/students", mine, lambda b: any(s["full_name"] for s in b)
    )
    assert (seen["user_id"], seen["subject_ids"], seen["total_tasks_completed"]) == (
        student,
        [subject_id],
        1,
    )
    assert seen["username"] == student
    analytics = (
        await harness.client.get(f"/api/v1/professor/subjects/{subject_id}/analytics", headers=mine)
    ).json()
    assert (analytics["name"], analytics["total_students"], analytics["active_students"]) == (
        "Systems",
        1,
        1,
    )
    assert analytics["students"][0]["current_streak"] == 1

    theirs = await harness.once_known(
        lambda: harness.client.get(
            f"/api/v1/professor/subjects/{other_subject}/analytics", headers=mine
        )
    )
    assert (theirs.status_code, theirs.json()["code"]) == (403, "NOT_YOUR_SUBJECT")
    unknown = await harness.client.get("/api/v1/professor/subjects/nope/analytics", headers=mine)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "SUBJECT_NOT_FOUND")
    colleague_view = tokens.headers(colleague, role="professor")
    assert (
        await harness.client.get("/api/v1/professor/students", headers=colleague_view)
    ).json() == []
    for path in (
        "/api/v1/professor/students",
        f"/api/v1/professor/subjects/{subject_id}/analytics",
    ):
        assert (await harness.client.get(path, headers=auth)).status_code == 403


async def test_admin_stats_count_users_by_role_catalogue_and_work(
    harness: Any, tokens: TokenFactory
) -> None:
    student, promoted = someone("student"), someone("promoted")
    await register(harness, student)
    await register(harness, promoted)
    await harness.publisher.send(
        UserRoleChanged(user_id=promoted, old_role="student", new_role="professor"),
        producer="identity",
    )
    drill_id = await harness.publish(
        "drill",
        "drill",
        title="t",
        drill_type="choose_tradeoffs",
        question="q",
        options=["a", "b"],
        correct_answer="a",
    )
    auth = tokens.headers(student)
    await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/drills/answers", json={"drill_id": drill_id, "user_answer": "b"}, headers=auth
        )
    )
    admin = tokens.headers("the-admin", role="admin")
    stats = await harness.until(
        "/api/v1/admin/stats", admin, lambda b: b["users_by_role"].get("professor", 0) >= 1
    )
    assert stats["total_users"] >= 2
    assert stats["users_by_role"]["student"] >= 1
    assert stats["total_drills"] >= 1
    assert (stats["total_drill_answers"], stats["total_responses"]) == (1, 0)
    assert stats["submissions_by_kind"] == {}
    assert stats["active_users"] == {"1d": 1, "7d": 1, "30d": 1}
    assert (await harness.client.get("/api/v1/admin/stats", headers=auth)).status_code == 403
    professor = tokens.headers("p", role="professor")
    assert (await harness.client.get("/api/v1/admin/stats", headers=professor)).status_code == 403
