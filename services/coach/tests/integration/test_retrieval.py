"""Retrieval on both engines (SQLite FTS5, PostgreSQL full-text), kept by catalogue events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coach.db.uow import SqlCoachUnitOfWork
from coach.services.catalogue import apply_content_change
from contracts.catalogue.items import parse_item
from contracts.content import ContentDeleted, ContentPublished, ContentUpdatedV2
from servicekit.db import Database, UnitOfWork
from servicekit.migrations import upgrade

from .conftest import GUIDE

pytestmark = pytest.mark.integration
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SUBJECT = {"id": "algo-101", "kind": "subject", "name": "Algorithms", "guide": GUIDE}


@pytest.fixture(params=["sqlite", "postgres"])
def migrated_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    url: str = sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    upgrade(MIGRATIONS, url)
    return url


@pytest.fixture
async def database(migrated_url: str) -> AsyncIterator[Database]:
    database = Database(migrated_url)
    yield database
    await database.dispose()


async def _apply(database: Database, event: object) -> None:
    async with UnitOfWork(database, producer="coach") as uow:
        await apply_content_change(
            uow=SqlCoachUnitOfWork(uow, sqlite=database.is_sqlite), event=event
        )  # type: ignore[arg-type]
        await uow.commit()


async def _search(database: Database, query: str, subject_id: str | None = "algo-101") -> list[str]:
    async with UnitOfWork(database, producer="coach") as uow:
        index = SqlCoachUnitOfWork(uow, sqlite=database.is_sqlite).passages
        return [p.heading for p in await index.search(query, subject_id=subject_id, limit=3)]


def _published(item: dict[str, object], revision: int = 1) -> ContentPublished:
    return ContentPublished(
        content_type="subject", content_id=str(item["id"]), revision=revision, item=item
    )


async def test_a_subjects_guide_is_found_by_its_words_and_ranked(database: Database) -> None:
    await _apply(database, _published(SUBJECT))
    assert (await _search(database, "What is the time complexity of quicksort?"))[0] == "Quicksort"
    assert (await _search(database, "binary search comparisons"))[0] == "Binary search"
    assert await _search(database, "quicksort", subject_id="another-subject") == []
    assert await _search(database, '" OR quick* AND ( NEAR') == [], "no engine syntax from users"


async def test_updates_replace_passages_and_older_revisions_are_ignored(database: Database) -> None:
    await _apply(database, _published(SUBJECT, revision=2))
    updated = {**SUBJECT, "guide": "## Heaps\n\nA heap keeps the smallest element on top."}
    await _apply(
        database,
        ContentUpdatedV2(
            content_type="subject",
            content_id="algo-101",
            revision=3,
            item=parse_item("subject", updated),
        ),
    )
    assert await _search(database, "quicksort") == []
    assert await _search(database, "smallest heap") == ["Heaps"]
    await _apply(database, _published(SUBJECT, revision=1))  # late and stale
    assert await _search(database, "quicksort") == []


async def test_a_deleted_item_leaves_no_passages(database: Database) -> None:
    coding = {
        "id": "two-sum",
        "kind": "coding",
        "title": "Two sum",
        "description": "Find two numbers that add up to the target.",
        "execution": {"mode": "function", "entry_point": "two_sum"},
        "tests": [{"input": [[1, 2], 3], "expected_output": [0, 1], "is_hidden": True}],
        "reference_solutions": {"python": "def two_sum(a, t):\n    return [0, 1]\n"},
    }
    await _apply(
        database,
        ContentPublished(content_type="problem", content_id="two-sum", revision=1, item=coding),
    )
    assert await _search(database, "numbers target") == ["Two sum"]
    assert await _search(database, "return") == [], "no reference solution is indexed"
    await _apply(database, ContentDeleted(content_type="problem", content_id="two-sum"))
    assert await _search(database, "numbers target") == []
