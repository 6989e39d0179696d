"""The shared messaging migrations give the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit.inbox import ProcessedEvent
from servicekit.migrations import (
    add_outbox_failure_columns,
    create_messaging_tables,
    drop_outbox_failure_columns,
)
from servicekit.outbox import OutboxMessage

pytestmark = pytest.mark.integration


def _messaging_metadata() -> MetaData:
    metadata = MetaData()
    for table in (OutboxMessage.__table__, ProcessedEvent.__table__):  # type: ignore[attr-defined]
        table.to_metadata(metadata)
    return metadata


def _migrate_and_compare(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    with Operations.context(context):
        create_messaging_tables()
        add_outbox_failure_columns()
        drop_outbox_failure_columns()  # the downgrade works too
        add_outbox_failure_columns()
    return list(compare_metadata(context, _messaging_metadata()))


async def _differences_after_migrating(url: str) -> list[object]:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(_migrate_and_compare)
    finally:
        await engine.dispose()


async def test_the_migrated_outbox_matches_its_model_on_sqlite(sqlite_url: str) -> None:
    assert await _differences_after_migrating(sqlite_url) == []


async def test_the_migrated_outbox_matches_its_model_on_postgresql(postgres_url: str) -> None:
    assert await _differences_after_migrating(postgres_url) == []
