"""A change whose event would be too large to publish is refused; the outbox goes on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from content.config import Settings
from contracts.topics import CONTENT_CATALOG
from servicekit.migrations import upgrade
from servicekit.testing.events import events_for
from servicekit.testing.tokens import TokenFactory

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
EVENT_LIMIT = 4096  # small, so the test holds whatever bounds the API puts on a description
JUDGEABLE = {
    "difficulty": "easy",
    "execution": {"mode": "function", "entry_point": "double"},
    "tests": [{"input": [1], "expected_output": 2}],
}


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> Settings:
    settings = Settings(**service_settings, outbox_max_event_bytes=EVENT_LIMIT)
    upgrade(MIGRATIONS, settings.database_url)
    return settings


async def test_a_problem_too_large_to_announce_is_refused_and_later_ones_are_published(
    client: httpx.AsyncClient, tokens: TokenFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    author = tokens.headers("prof-1", "professor")
    huge = {**JUDGEABLE, "title": f"Huge {unique_name}", "description": "x" * 5000}
    refused = await client.post("/api/v1/problems", json=huge, headers=author)
    assert refused.status_code == 413, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "PAYLOAD_TOO_LARGE"

    small = {**JUDGEABLE, "title": f"Small {unique_name}", "description": "d"}
    created = await client.post("/api/v1/problems", json=small, headers=author)
    assert created.status_code == 201, created.text
    problem_id = created.json()["id"]
    events = await events_for(kafka_bootstrap, CONTENT_CATALOG, f"problem:{problem_id}")
    assert [(e["event_type"], e["event_version"]) for e in events] == [
        ("content.content_published", 1),
        ("content.content_published", 2),
    ]
    listed = (await client.get("/api/v1/problems", headers=author)).json()
    titles = {item["title"] for item in listed["items"]}
    assert huge["title"] not in titles
