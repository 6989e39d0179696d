"""Items coach generated, against the real broker and database: stored as generated and
announced, or refused as duplicates or below the bar, and coach told which."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from contracts.catalogue.items import Task
from contracts.coach import ItemGenerated
from contracts.topics import CONTENT_CATALOG, CONTENT_GENERATION
from servicekit.testing.events import EventPublisher, events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

SCENARIO = (
    "A grocery delivery company's ordering app takes 2,500 requests/s at peak. Clients time "
    "out after 5 seconds and retry twice, and finance reports a few hundred double charges a "
    "week from customers on poor mobile connections. The card processor accepts an "
    "idempotency key and keeps it for 24 hours."
)


def _task(unique: str, **changes: Any) -> Task:
    fields: dict[str, Any] = {
        "id": f"gen-safe-retries-{unique}",
        "title": f"Safe Retries {unique}",
        "description": "Make the payment endpoint safe to retry after client timeouts.",
        "role": "backend",
        "difficulty": "intermediate",
        "scenario": f"{SCENARIO} ({unique})",
        "prompts": {
            "assumptions": "What do you assume about retries?",
            "architecture": "How are repeats recognised?",
            "trade_offs": "What does it cost?",
            "failure_scenarios": "What if two requests race?",
        },
        "expected_concepts": ["idempotency key", "unique constraint", "retry"],
        "tags": ["payments", "generated"],
    }
    return Task.model_validate({**fields, **changes})


async def _outcome(kafka_bootstrap: str, job_id: str) -> dict[str, Any]:
    [settled] = await events_for(kafka_bootstrap, CONTENT_GENERATION, job_id)
    payload: dict[str, Any] = settled["payload"]
    return payload


async def _generated(publisher: EventPublisher, item: Task) -> str:
    job_id = str(uuid.uuid4())
    await publisher.send(ItemGenerated(job_id=job_id, item=item, requested_by="admin-7"), "coach")
    return job_id


async def test_a_generated_task_is_stored_as_generated_and_announced(
    client: httpx.AsyncClient, tokens: TokenFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    async with EventPublisher(kafka_bootstrap) as publisher:
        item = _task(unique_name)
        job_id = await _generated(publisher, item)
        settled = await _outcome(kafka_bootstrap, job_id)
    assert (settled["outcome"], settled["item_id"]) == ("stored", item.id)

    found = await client.get(f"/api/v1/tasks/{item.id}", headers=tokens.headers("learner-1"))
    assert found.status_code == 200, found.text
    assert found.json()["source"] == "generated"
    assert found.json()["author_id"] == "admin-7"
    assert "expected_concepts" not in found.json()  # learners get the public view
    listed = await client.get("/api/v1/tasks", params={"role": "backend", "limit": 100})
    assert item.id in [t["id"] for t in listed.json()["items"]]
    published = await events_for(kafka_bootstrap, CONTENT_CATALOG, f"task:{item.id}")
    assert {e["event_version"] for e in published} == {1, 2}


async def test_a_repeated_title_or_scenario_is_not_stored(
    client: httpx.AsyncClient, kafka_bootstrap: str, unique_name: str
) -> None:
    first = _task(unique_name)
    same_title = _task(unique_name, id=f"gen-other-{unique_name}", scenario=SCENARIO + " Again.")
    same_scenario = _task(unique_name, id=f"gen-third-{unique_name}", title=f"New {unique_name}")
    async with EventPublisher(kafka_bootstrap) as publisher:
        await _outcome(kafka_bootstrap, await _generated(publisher, first))
        jobs = [await _generated(publisher, same_title), await _generated(publisher, same_scenario)]
        outcomes = await asyncio.gather(*(_outcome(kafka_bootstrap, j) for j in jobs))
    for outcome in outcomes:
        assert outcome["outcome"] == "duplicate"
        assert outcome["duplicate_of"] == first.id
    for twin in (same_title, same_scenario):
        assert (await client.get(f"/api/v1/tasks/{twin.id}")).status_code == 404


async def test_a_task_below_the_packs_bar_is_refused_with_the_reason(
    client: httpx.AsyncClient, kafka_bootstrap: str, unique_name: str
) -> None:
    thin = _task(unique_name, scenario="Too short to practise on.", expected_concepts=["retry"])
    async with EventPublisher(kafka_bootstrap) as publisher:
        settled = await _outcome(kafka_bootstrap, await _generated(publisher, thin))
    assert settled["outcome"] == "invalid"
    assert "scenario" in settled["detail"]
    assert "expected_concepts" in settled["detail"]
    assert (await client.get(f"/api/v1/tasks/{thin.id}")).status_code == 404
