"""Catalogue changes leave through the outbox as events other services can follow."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from content.commands import load_pack_command
from content.config import Settings
from contracts import Envelope, decode_payload
from contracts.content import ContentUpdatedV2
from contracts.topics import CONTENT_CATALOG
from servicekit.testing.events import events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


async def test_create_update_delete_are_published_in_order(
    client: httpx.AsyncClient, tokens: TokenFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    author = tokens.headers("prof-9", "professor")
    body = {
        "title": f"Event probe {unique_name}",
        "description": "d",
        "difficulty": "easy",
        "requirements": ["Shorten a link"],
    }
    problem_id = (await client.post("/api/v1/problems", json=body, headers=author)).json()["id"]
    await client.patch(
        f"/api/v1/problems/{problem_id}", json={"difficulty": "hard"}, headers=author
    )
    await client.delete(f"/api/v1/problems/{problem_id}", headers=author)

    events = await events_for(kafka_bootstrap, CONTENT_CATALOG, f"problem:{problem_id}", settle=1.0)
    assert [(e["event_type"], e["event_version"]) for e in events] == [
        ("content.content_published", 1),
        ("content.content_published", 2),
        ("content.content_updated", 1),
        ("content.content_updated", 2),
        ("content.content_deleted", 1),
    ]
    assert isinstance(decode_payload(Envelope.model_validate(events[3])), ContentUpdatedV2)
    typed = events[3]["payload"]["item"]
    assert (typed["kind"], typed["difficulty"]) == ("system_design", "hard")
    assert typed["requirements"] == {"functional": ["Shorten a link"], "non_functional": []}
    assert events[0]["key"] == f"problem:{problem_id}"


async def test_reloading_a_changed_pack_updates_in_place(
    settings: Settings, tmp_path: Path, client: httpx.AsyncClient
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(settings.pack_dir, pack)
    local = settings.model_copy(update={"pack_dir": pack})
    await load_pack_command(local)
    target = pack / "coding" / "best-pair-within-budget.yaml"
    target.write_text(
        target.read_text().replace(
            "title: Best Two-Item Bundle Within a Budget", "title: Best Bundle Under Budget"
        )
    )
    await load_pack_command(local)
    problem = (await client.get("/api/v1/problems/best-pair-within-budget")).json()
    assert problem["title"] == "Best Bundle Under Budget"
    assert problem["revision"] == 2
    listed = (await client.get("/api/v1/problems", params={"q": "bundle under"})).json()
    assert listed["total"] == 1


async def test_an_enrolment_is_announced_once(
    client: httpx.AsyncClient, tokens: TokenFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    subject = {"id": f"sub-{unique_name}", "name": "Algorithms", "professor_id": "prof-1"}
    admin, student = tokens.headers("root", "admin"), tokens.headers(f"stu-{unique_name}")
    assert (await client.post("/api/v1/subjects", json=subject, headers=admin)).status_code == 201
    enrol = f"/api/v1/subjects/{subject['id']}/enroll"
    assert (await client.post(enrol, headers=student)).status_code == 201
    assert (await client.post(enrol, headers=student)).status_code == 409

    events = await events_for(
        kafka_bootstrap, CONTENT_CATALOG, f"subject:{subject['id']}", settle=1.0
    )
    enrolled = [e for e in events if e["event_type"] == "content.student_enrolled"]
    assert [e["payload"] for e in enrolled] == [
        {"subject_id": subject["id"], "user_id": f"stu-{unique_name}"}
    ]
