from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI

from contracts.catalogue import parse_item
from contracts.content import ContentPublishedV2, ContentType
from contracts.evaluation import EvaluationCompleted, EvaluationKind, EvaluationSummary
from contracts.topics import PRACTICE_SUBMISSIONS
from practice.config import Settings
from practice.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.events import EventPublisher

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def settings(service_settings: dict[str, Any], database_url: str) -> Settings:
    settings = Settings(**{**service_settings, "database_url": database_url})
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def publisher(kafka_bootstrap: str) -> AsyncIterator[EventPublisher]:
    async with EventPublisher(kafka_bootstrap) as publisher:
        yield publisher


@dataclass
class Harness:
    """Plays content and evaluation around practice, and reads what practice announces."""

    client: httpx.AsyncClient
    publisher: EventPublisher
    bootstrap: str

    async def publish(self, content_type: ContentType, kind: str, **item: Any) -> str:
        """Announce a catalogue item as content would (its typed model); returns its id."""
        item_id = f"{kind.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
        await self.publisher.send(
            ContentPublishedV2(
                content_type=content_type,
                content_id=item_id,
                revision=1,
                item=parse_item(kind, {"id": item_id, **item}),
            )
        )
        return item_id

    async def once_known(self, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """Repeat a request while it answers 404: the read model fills from the catalogue topic."""
        for _ in range(200):
            response = await send()
            if response.status_code != 404:
                return response
            await asyncio.sleep(0.1)
        raise AssertionError("the item never reached practice's read model")

    async def until(self, path: str, headers: dict[str, str], done: Callable[[Any], bool]) -> Any:
        """GET `path` again while the event that changes its answer is on its way."""
        for _ in range(200):
            if done(body := (await self.client.get(path, headers=headers)).json()):
                return body
            await asyncio.sleep(0.1)
        raise AssertionError(f"{path} never reached the expected state: last {body}")

    async def announced(
        self,
        match: Callable[[dict[str, Any]], bool],
        count: int = 1,
        topic: str = PRACTICE_SUBMISSIONS,
    ) -> list[dict[str, Any]]:
        """Envelopes practice put on `topic` (its submissions topic unless named) that `match`."""
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=self.bootstrap,
            group_id=f"probe-{uuid.uuid4().hex}",
            auto_offset_reset="earliest",
        )
        await consumer.start()
        found: list[dict[str, Any]] = []
        try:
            for _ in range(60):
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    found += [e for r in records if match(e := json.loads(r.value))]
                if len(found) >= count:
                    break
        finally:
            await consumer.stop()
        return found

    async def announced_for(self, submission_id: str, count: int = 1) -> list[dict[str, Any]]:
        return await self.announced(lambda e: e["key"] == submission_id, count)

    async def evaluate(
        self,
        envelope_or_submission: dict[str, Any],
        kind: EvaluationKind,
        *,
        status: str = "succeeded",
        passed: bool = True,
        score: float | None = None,
        score_breakdown: dict[str, float] | None = None,
        feedback: dict[str, Any] | None = None,
    ) -> None:
        """Send the EvaluationCompleted that evaluation would send for this submission."""
        source = envelope_or_submission.get("payload", envelope_or_submission)
        submission_id = source.get("submission_id") or source["id"]
        await self.publisher.send(
            EvaluationCompleted(
                evaluation_id=str(uuid.uuid4()),
                submission_id=submission_id,
                attempt_id=source["attempt_id"],
                user_id=source["user_id"],
                status=status,  # type: ignore[arg-type]
                verdict="accepted" if passed else "wrong_answer",
                summary=EvaluationSummary(passed=passed, tests_passed=int(passed), tests_total=1),
                test_results=(),
                kind=kind,
                score=score,
                score_breakdown=score_breakdown,
                feedback=feedback,
            ),
            producer="evaluation",
        )


@pytest.fixture
def harness(client: httpx.AsyncClient, publisher: EventPublisher, kafka_bootstrap: str) -> Harness:
    return Harness(client, publisher, kafka_bootstrap)


# A thinking gate that names every concept of a PREFIX_SUM invariant (practice.domain.gate).
PREFIX_SUM_GATE = {
    "step_type": "THINKING_GATE",
    "selected_pattern": "PREFIX_SUM",
    "stated_invariant": "The running prefix total minus an earlier total seen before is the range.",
}


async def pass_gate(
    client: httpx.AsyncClient, auth: dict[str, str], attempt_id: str, gate: dict[str, Any]
) -> None:
    """Clear the attempt's thinking gate, so that it takes code."""
    response = await client.post(f"/api/v1/attempts/{attempt_id}/steps", json=gate, headers=auth)
    assert response.json()["passed"] is True, response.text
