"""Catalogue changes leave through the outbox as events other services can follow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from content.commands import load_pack_command
from content.config import Settings
from contracts.topics import CONTENT_CATALOG
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


async def events_for(bootstrap: str, group: str, content_id: str, count: int) -> list[dict]:
    consumer = AIOKafkaConsumer(
        CONTENT_CATALOG, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[dict] = []
    try:
        for _ in range(40):
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    envelope = json.loads(record.value)
                    if envelope["payload"].get("content_id") == content_id:
                        found.append(envelope)
            if len(found) >= count:
                break
    finally:
        await consumer.stop()
    return found


async def test_create_update_delete_are_published_in_order(
    client: httpx.AsyncClient, tokens: TokenFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    author = tokens.headers("prof-9", "professor")
    body = {"title": f"Event probe {unique_name}", "description": "d", "difficulty": "easy"}
    problem_id = (await client.post("/api/v1/problems", json=body, headers=author)).json()["id"]
    await client.patch(
        f"/api/v1/problems/{problem_id}", json={"difficulty": "hard"}, headers=author
    )
    await client.delete(f"/api/v1/problems/{problem_id}", headers=author)

    events = await events_for(kafka_bootstrap, f"probe-{unique_name}", problem_id, 3)
    assert [e["event_type"] for e in events] == [
        "content.content_published",
        "content.content_updated",
        "content.content_deleted",
    ]
    assert events[1]["payload"]["item"]["difficulty"] == "hard"
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
