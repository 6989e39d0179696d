"""The outbox gauges, read by one query of the migrated outbox table on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import update
from sqlalchemy.engine import Connection
from sqlmodel import col

from contracts.coach import FeedbackReady
from servicekit.db import Database, UnitOfWork
from servicekit.metrics import ServiceMetrics
from servicekit.migrations import add_outbox_failure_columns, create_messaging_tables
from servicekit.outbox import OutboxMessage, OutboxRelay, utcnow
from servicekit.samplers import sample_outbox

pytestmark = pytest.mark.integration


def _migrate(connection: Connection) -> None:
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    with Operations.context(context):
        create_messaging_tables()
        add_outbox_failure_columns()


@pytest.fixture(params=["sqlite", "postgres"])
async def database(
    request: pytest.FixtureRequest, sqlite_url: str, postgres_url: str
) -> AsyncIterator[Database]:
    url = sqlite_url if request.param == "sqlite" else postgres_url
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.run_sync(_migrate)
    yield db
    await db.dispose()


async def never_publish(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
    raise AssertionError("the gauges never publish")


async def raise_feedback(database: Database, *names: str) -> None:
    async with UnitOfWork(database, producer="test") as uow:
        for name in names:
            uow.raise_event(
                FeedbackReady(feedback_id=name, user_id="u1", target_type="attempt", target_id=name)
            )
        await uow.commit()


async def set_rows(database: Database, name: str, **values: object) -> None:
    async with database.session() as session:
        await session.exec(
            update(OutboxMessage).where(col(OutboxMessage.key) == name).values(**values)
        )
        await session.commit()


def gauge(metrics: ServiceMetrics, name: str) -> float | None:
    return metrics.registry.get_sample_value(name)


async def test_an_empty_outbox_has_no_backlog_and_no_age(database: Database) -> None:
    metrics = ServiceMetrics("coach")
    await sample_outbox(metrics, OutboxRelay(database, never_publish))
    assert gauge(metrics, "outbox_backlog") == 0
    assert gauge(metrics, "outbox_dead_letters") == 0
    assert gauge(metrics, "outbox_oldest_unpublished_age_seconds") == 0


async def test_the_age_is_the_oldest_pending_rows_and_leaves_out_published_and_parked(
    database: Database,
) -> None:
    await raise_feedback(database, "published", "parked", "old", "new")
    now = utcnow()
    # The published and parked rows are the oldest: neither may set the age.
    await set_rows(database, "published", created_at=now - timedelta(hours=5), published_at=now)
    await set_rows(database, "parked", created_at=now - timedelta(hours=4), dead_lettered_at=now)
    await set_rows(database, "old", created_at=now - timedelta(seconds=90))

    metrics = ServiceMetrics("coach")
    await sample_outbox(metrics, OutboxRelay(database, never_publish))

    assert gauge(metrics, "outbox_backlog") == 2
    assert gauge(metrics, "outbox_dead_letters") == 1
    age = gauge(metrics, "outbox_oldest_unpublished_age_seconds")
    assert age is not None
    assert 90 <= age < 150
