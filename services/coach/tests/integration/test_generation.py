"""Generation against the real broker and database: admin routes, the event to content,
content's answer ending the job, and the daily run's lease with two replicas."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from coach.config import Settings
from coach.db.tables import CronSchedule
from coach.db.uow import SqlCoachUnitOfWork
from coach.domain.schedule import DailySchedule
from coach.providers.builtin import BuiltinProvider
from coach.services import crons
from coach.services.crons import DAILY_GENERATION, DailyGeneration
from contracts.content import GeneratedItemSettled
from contracts.topics import COACH_GENERATION
from servicekit.db import Database, UnitOfWork
from servicekit.testing.events import EventPublisher, events_for
from servicekit.testing.tokens import TokenFactory

from .conftest import eventually

pytestmark = pytest.mark.integration


async def test_an_admin_generates_a_task_and_content_storing_it_ends_the_job(
    client: httpx.AsyncClient,
    tokens: TokenFactory,
    kafka_bootstrap: str,
    publisher: EventPublisher,
) -> None:
    admin = tokens.headers("admin-1", role="admin")
    started = await client.post(
        "/api/v1/admin/generate/task",
        params={"role": "Data Engineer", "difficulty": "advanced"},
        headers=admin,
    )
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "pending"
    assert job["kind"] == "task"
    [item] = job["items"]
    assert (item["role"], item["outcome"], item["provider"]) == ("data", "pending", "builtin")

    [sent] = await events_for(kafka_bootstrap, COACH_GENERATION, job["id"])
    assert sent["event_type"] == "coach.item_generated"
    generated = sent["payload"]["item"]
    assert (generated["kind"], generated["role"], generated["difficulty"]) == (
        "task",
        "data",
        "advanced",
    )
    assert sent["payload"]["requested_by"] == "admin-1"

    await publisher.send(
        GeneratedItemSettled(job_id=job["id"], item_id=item["item_id"], outcome="stored"),
        producer="content",
    )
    done = await eventually(
        lambda: client.get(f"/api/v1/admin/generate/jobs/{job['id']}", headers=admin),
        lambda r: r.json()["status"] != "pending",
    )
    assert done.json()["status"] == "completed"
    assert done.json()["item_ids"] == [item["item_id"]]
    assert done.json()["message"] == "Successfully generated 1 task"


async def test_a_duplicate_is_reported_on_the_job(
    client: httpx.AsyncClient, tokens: TokenFactory, publisher: EventPublisher
) -> None:
    admin = tokens.headers("admin-2", role="admin")
    job = (await client.post("/api/v1/admin/generate/drill", headers=admin)).json()
    [item] = job["items"]
    await publisher.send(
        GeneratedItemSettled(
            job_id=job["id"],
            item_id=item["item_id"],
            outcome="duplicate",
            detail="repeats older-drill",
            duplicate_of="older-drill",
        ),
        producer="content",
    )
    done = await eventually(
        lambda: client.get(f"/api/v1/admin/generate/jobs/{job['id']}", headers=admin),
        lambda r: r.json()["status"] != "pending",
    )
    assert done.json()["status"] == "failed"
    assert done.json()["items"][0]["outcome"] == "duplicate"
    assert done.json()["items"][0]["duplicate_of"] == "older-drill"


async def test_generation_and_crons_are_for_admins_only(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    for role in ("student", "professor"):
        headers = tokens.headers("someone", role=role)
        for path in ("task", "drill", "daily"):
            refused = await client.post(f"/api/v1/admin/generate/{path}", headers=headers)
            assert refused.status_code == 403, path
        assert (await client.get("/api/v1/admin/crons", headers=headers)).status_code == 403
    assert (await client.post("/api/v1/admin/generate/task")).status_code == 401
    admin = tokens.headers("admin-3", role="admin")
    missing = await client.get("/api/v1/admin/generate/jobs/nope", headers=admin)
    assert missing.status_code == 404
    assert missing.json()["code"] == "GENERATION_JOB_NOT_FOUND"
    wrong = await client.post("/api/v1/admin/generate/task", params={"role": "Chef"}, headers=admin)
    assert wrong.status_code == 422


async def test_the_daily_job_makes_one_task_per_role_and_crons_show_the_schedule(
    client: httpx.AsyncClient, tokens: TokenFactory, settings: Settings
) -> None:
    admin = tokens.headers("admin-4", role="admin")
    daily = await client.post("/api/v1/admin/generate/daily", headers=admin)
    assert daily.status_code == 202
    assert [i["role"] for i in daily.json()["items"]] == ["backend", "frontend", "systems", "data"]
    listed = await client.get("/api/v1/admin/crons", headers=admin)
    assert listed.status_code == 200
    [cron] = listed.json()["items"]
    assert cron["name"] == DAILY_GENERATION
    assert cron["schedule"] == f"daily at {settings.daily_generation_hour_utc:02d}:00 UTC"
    assert cron["next_run_at"] is not None


async def test_two_replicas_claiming_the_same_slot_run_it_once(settings: Settings) -> None:
    database = Database(settings.database_url)
    slot = datetime(2026, 1, 11, 3, tzinfo=UTC)
    try:
        async with UnitOfWork(database, producer="coach") as uow:
            uow.session.add(CronSchedule(name=DAILY_GENERATION, since=slot - timedelta(days=3)))
            await uow.commit()

        async def replica(name: str) -> object:
            daily = DailyGeneration(
                schedule=DailySchedule(3),
                difficulty="beginner",
                enabled=True,
                holder=name,
                lease=timedelta(minutes=10),
                timeout=timedelta(minutes=10),
            )
            async with UnitOfWork(database, producer="coach") as uow:
                return await crons.run_daily_if_due(
                    uow=SqlCoachUnitOfWork(uow, sqlite=database.is_sqlite),
                    provider=BuiltinProvider("m"),
                    daily=daily,
                    now=slot + timedelta(minutes=1),
                )

        runs = await asyncio.gather(replica("replica-a"), replica("replica-b"))
        assert sum(r is not None for r in runs) == 1
        async with UnitOfWork(database, producer="coach") as uow:
            row = await uow.session.get(CronSchedule, DAILY_GENERATION)
            assert row is not None
            assert row.last_job_id == next(r for r in runs if r is not None).id  # type: ignore[attr-defined]
            assert row.lease_holder is None  # released once the run was recorded
    finally:
        await database.dispose()
