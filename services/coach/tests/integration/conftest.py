from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from coach.config import Settings
from coach.main import create_app
from contracts.content import ContentPublished, StudentEnrolled
from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from servicekit.migrations import upgrade
from servicekit.testing.events import EventPublisher

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

GUIDE = """Sorting algorithms, from simple to fast.

## Quicksort

Quicksort picks a pivot and partitions the array around it. Its average time complexity
is O(n log n); a bad pivot makes it quadratic.

## Binary search

Binary search halves a sorted range each step, so it takes O(log n) comparisons.
"""


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
class Catalogue:
    """Plays content and evaluation around coach."""

    publisher: EventPublisher

    async def subject(self, *, professor_id: str, guide: str = GUIDE) -> str:
        subject_id = f"subj-{uuid.uuid4().hex[:8]}"
        await self.publisher.send(
            ContentPublished(
                content_type="subject",
                content_id=subject_id,
                revision=1,
                item={
                    "id": subject_id,
                    "kind": "subject",
                    "name": "Algorithms",
                    "guide": guide,
                    "professor_id": professor_id,
                },
            )
        )
        return subject_id

    async def enrol(self, subject_id: str, user_id: str) -> None:
        await self.publisher.send(StudentEnrolled(subject_id=subject_id, user_id=user_id))

    async def failed_evaluation(self, user_id: str, *, hidden_input: str = "SECRET-42") -> str:
        """A wrong answer on test 2 (visible) and a hidden failure; returns the submission id."""
        submission_id, attempt_id = str(uuid.uuid4()), str(uuid.uuid4())
        tests = (
            TestOutcome(
                test_index=0,
                is_hidden=False,
                passed=True,
                verdict="accepted",
                input=[[1, 2]],
                expected=3,
                actual=3,
            ),
            TestOutcome(
                test_index=1,
                is_hidden=False,
                passed=False,
                verdict="wrong_answer",
                input=[[2, 7, 11, 15], 9],
                expected=[0, 1],
                actual=[1, 2],
            ),
            TestOutcome(
                test_index=2,
                is_hidden=True,
                passed=False,
                verdict="wrong_answer",
                input=hidden_input,
                expected="HIDDEN-EXPECTED",
                actual="x",
            ),
        )
        await self.publisher.send(
            EvaluationCompleted(
                evaluation_id=str(uuid.uuid4()),
                submission_id=submission_id,
                attempt_id=attempt_id,
                user_id=user_id,
                status="succeeded",
                verdict="wrong_answer",
                summary=EvaluationSummary(passed=False, tests_passed=1, tests_total=3),
                test_results=tests,
            ),
            producer="evaluation",
        )
        return submission_id


@pytest.fixture
def catalogue(publisher: EventPublisher) -> Catalogue:
    return Catalogue(publisher)


async def eventually(
    send: Callable[[], Awaitable[httpx.Response]], until: Callable[[httpx.Response], bool]
) -> httpx.Response:
    """Repeat a request until `until` holds: coach's read models fill from the broker."""
    for _ in range(300):
        response = await send()
        if until(response):
            return response
        await asyncio.sleep(0.1)
    raise AssertionError(f"never reached: last answer {response.status_code} {response.text}")
