"""`python -m content announce`: every item at its current revision and every enrolment, again."""

from __future__ import annotations

import argparse
import asyncio
from itertools import pairwise
from typing import Any

import httpx
import pytest

from content.commands import announce_command, load_pack_command
from content.config import Settings
from content.services.announce import AnnounceReport, announce_catalogue
from contracts.topics import CONTENT_CATALOG
from servicekit.db import Database, UnitOfWork
from servicekit.testing.events import events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


async def events_until(
    bootstrap: str, key: str, count: int, within: float = 30.0
) -> list[dict[str, Any]]:
    """The events with this key once there are at least `count` of them (the relay polls)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while len(found := await events_for(bootstrap, CONTENT_CATALOG, key, settle=0.5)) < count:
        assert loop.time() < deadline, f"only {len(found)} of {count} events: {found}"
    return found


async def test_announce_sends_the_current_revision_and_the_enrolments(
    settings: Settings,
    client: httpx.AsyncClient,
    tokens: TokenFactory,
    kafka_bootstrap: str,
    unique_name: str,
) -> None:
    admin, student = tokens.headers("root", "admin"), tokens.headers(f"stu-{unique_name}")
    subject_id = f"sub-{unique_name}"
    subject = {"id": subject_id, "name": "Algorithms", "professor_id": "prof-1"}
    assert (await client.post("/api/v1/subjects", json=subject, headers=admin)).status_code == 201
    changed = await client.patch(
        f"/api/v1/subjects/{subject_id}", json={"professor_id": "prof-2"}, headers=admin
    )
    assert changed.json()["revision"] == 2
    enrol = await client.post(f"/api/v1/subjects/{subject_id}/enroll", headers=student)
    assert enrol.status_code == 201

    await announce_command(settings, argparse.Namespace(kind=None))

    # published v1+v2, updated v1+v2, enrolled; then the same again from the announcement
    events = await events_until(kafka_bootstrap, f"subject:{subject_id}", 8)
    again = [(e["event_type"], e["event_version"]) for e in events[5:]]
    assert again == [
        ("content.content_updated", 1),
        ("content.content_updated", 2),
        ("content.student_enrolled", 1),
    ]
    typed = events[6]["payload"]
    assert (typed["revision"], typed["item"]["professor_id"]) == (2, "prof-2")
    assert events[7]["payload"] == {"subject_id": subject_id, "user_id": f"stu-{unique_name}"}


async def test_announce_of_one_kind_leaves_the_others_and_the_enrolments(
    settings: Settings,
    client: httpx.AsyncClient,
    tokens: TokenFactory,
    kafka_bootstrap: str,
    unique_name: str,
) -> None:
    admin = tokens.headers("root", "admin")
    subject_id = f"sub-{unique_name}"
    subject = {"id": subject_id, "name": "Algorithms", "professor_id": "prof-1"}
    assert (await client.post("/api/v1/subjects", json=subject, headers=admin)).status_code == 201
    enrol = f"/api/v1/subjects/{subject_id}/enroll"
    assert (await client.post(enrol, headers=tokens.headers("stu-1"))).status_code == 201
    problem = {
        "title": f"Probe {unique_name}",
        "description": "d",
        "difficulty": "easy",
        "requirements": ["Shorten a link"],
    }
    created = await client.post("/api/v1/problems", json=problem, headers=admin)
    problem_id = created.json()["id"]

    await announce_command(settings, argparse.Namespace(kind=["system_design"]))

    problem_events = await events_until(kafka_bootstrap, f"problem:{problem_id}", 4)
    assert [e["event_type"] for e in problem_events[2:]] == ["content.content_updated"] * 2
    subject_events = await events_for(
        kafka_bootstrap, CONTENT_CATALOG, f"subject:{subject_id}", settle=1.0
    )
    assert len(subject_events) == 3  # published v1+v2 and the enrolment, nothing more


async def test_announce_works_in_bounded_batches(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    """The pack's items in transactions of at most three rows each, with progress after each."""
    await load_pack_command(settings)
    database = Database(settings.database_url)
    progress: list[int] = []

    def recorded(report: AnnounceReport) -> None:
        progress.append(report.items)

    try:
        report = await announce_catalogue(
            unit_of_work=lambda: UnitOfWork(database, producer="content"),
            batch=3,
            on_batch=recorded,
        )
    finally:
        await database.dispose()
    assert report.items == progress[-1] > 3
    assert all(0 < later - earlier <= 3 for earlier, later in pairwise([0, *progress]))
