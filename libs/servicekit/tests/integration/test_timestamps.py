"""Timestamp columns read back as UTC with their zone, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from servicekit.db import Database
from servicekit.timestamps import UtcDateTime

pytestmark = pytest.mark.integration

metadata = MetaData()
stamps = Table(
    "stamps", metadata, Column("id", Integer, primary_key=True), Column("at", UtcDateTime())
)


async def stored_and_read(url: str, moment: datetime) -> datetime:
    database = Database(url)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(insert(stamps).values(id=1, at=moment))
            read: datetime = (await conn.execute(select(stamps.c.at))).scalar_one()
            await conn.run_sync(metadata.drop_all)
        return read
    finally:
        await database.dispose()


MOMENT = datetime(2026, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))


async def test_sqlite_gives_back_an_aware_utc_moment(sqlite_url: str) -> None:
    read = await stored_and_read(sqlite_url, MOMENT)
    # without UtcDateTime: "2026-01-01T12:00:00", the offset dropped and the zone lost
    assert read.isoformat() == "2026-01-01T10:00:00+00:00"


async def test_postgresql_gives_back_the_same_moment(postgres_url: str) -> None:
    read = await stored_and_read(postgres_url, MOMENT)
    assert read.tzinfo is not None
    assert read == MOMENT
