"""`rebuild-read-models` against the real broker: the rebuilt read models equal the live ones."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import col, select

from contracts.content import StudentEnrolled
from contracts.identity import UserRegistered, UserRoleChanged, UserUpdated
from practice.db.progress_repositories import ReadModels
from practice.events.replay import READ_MODEL_TOPICS, read_topics
from practice.services.rebuild import rebuild_read_models
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

ANSWER = {"assumptions": "a", "architecture": "b", "trade_offs": "c", "failure_scenarios": "d"}


async def snapshot(app: FastAPI) -> dict[str, list[dict[str, Any]]]:
    async with app.state.runtime.unit_of_work() as uow:
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in ReadModels.TABLES:
            key = next(iter(table.__table__.primary_key.columns)).name  # type: ignore[attr-defined]
            rows = await uow.session.exec(select(table).order_by(col(getattr(table, key))))
            tables[table.__tablename__] = sorted(  # type: ignore[attr-defined]
                (row.model_dump() for row in rows.all()), key=repr
            )
        return tables


async def test_rebuilt_read_models_equal_the_incremental_ones(
    harness: Any, tokens: TokenFactory, app: FastAPI, kafka_bootstrap: str
) -> None:
    student = f"student-{uuid.uuid4().hex[:8]}"
    await harness.publisher.send(
        UserRegistered(
            user_id=student,
            email=f"{student}@example.com",
            full_name="Before",
            role="student",
            time_zone="UTC",
        ),
        producer="identity",
    )
    await harness.publisher.send(
        UserRoleChanged(user_id=student, old_role="student", new_role="professor"),
        producer="identity",
    )
    await harness.publisher.send(  # the name "A" below says this one has been applied too
        UserUpdated(user_id=student, full_name="A", time_zone="Asia/Kolkata"),
        producer="identity",
    )
    subject_id = await harness.publish("subject", "subject", name="S", professor_id="p")
    await harness.publisher.send(StudentEnrolled(subject_id=subject_id, user_id=student))
    auth = tokens.headers(student)
    drill_id = await harness.publish(
        "drill", "drill", title="t", drill_type="rank_failures", question="q",
        options=["a", "b"], correct_answer="a",
    )  # fmt: skip
    await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/drills/answers", json={"drill_id": drill_id, "user_answer": "b"}, headers=auth
        )
    )
    task_id = await harness.publish(
        "task", "task", title="T", description="d", role="backend", difficulty="beginner"
    )
    created = await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/responses", json={"task_id": task_id, **ANSWER}, headers=auth
        )
    )
    [event] = await harness.announced_for(created.json()["response"]["submission_id"])
    await harness.evaluate(event, "written", score=6.0, score_breakdown={}, feedback={})
    admin = tokens.headers("admin", role="admin")
    await harness.until(  # the last of the events above has reached the read models
        f"/api/v1/professor/subjects/{subject_id}/analytics",
        admin,
        lambda b: (
            [s["total_tasks_completed"] for s in b.get("students", ())] == [2]
            and b["students"][0]["full_name"] == "A"
        ),
    )
    await harness.until(
        "/api/v1/admin/stats", admin, lambda b: b["users_by_role"].get("professor", 0) >= 1
    )
    live = await snapshot(app)
    assert len(live["activities"]) == 2
    [known] = [u for u in live["known_users"] if u["user_id"] == student]
    assert (known["role"], known["time_zone"]) == ("professor", "Asia/Kolkata")

    envelopes = await read_topics(kafka_bootstrap, READ_MODEL_TOPICS)
    async with app.state.runtime.unit_of_work() as uow:
        rebuilt = await rebuild_read_models(uow=uow, envelopes=envelopes)
    assert (rebuilt.submissions, rebuilt.drill_answers) == (1, 1)
    assert await snapshot(app) == live
