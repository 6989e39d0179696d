"""Alembic plumbing shared by every service's own migration history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from servicekit.db import Database
from servicekit.leases import lock_key

# Its own key, apart from the outbox relay's: a relay running must not hold migrations back.
MIGRATION_LOCK = lock_key("whetstone.migrations")


def upgrade(migrations_dir: Path, database_url: str, revision: str = "heads") -> None:
    """Bring the service's database to `revision` (run as its own step, before start).

    "heads": revisions written on parallel branches of work may share a parent; every
    branch is applied until someone adds a merge revision.
    """
    Database(database_url)  # creates the SQLite folder when needed
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["database_url"] = database_url
    command.upgrade(config, revision)


def run_migrations(target_metadata: MetaData, default_url: Callable[[], str]) -> None:
    """Body of each service's `migrations/env.py`."""
    config = context.config
    url = config.attributes.get("database_url") or default_url()
    if context.is_offline_mode():
        context.configure(
            url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target_metadata))


async def _run_online(url: str, target_metadata: MetaData) -> None:
    engine = async_engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    async with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            # N replicas starting together: one migrates, the others wait here and then find
            # the database at head. A session lock, so it spans the migrations' transaction.
            await connection.execute(sa.select(sa.func.pg_advisory_lock(MIGRATION_LOCK)))
            await connection.commit()
        try:
            await connection.run_sync(_migrate, target_metadata)
        finally:
            if postgres:
                await connection.rollback()  # a failed migration leaves its transaction open
                await connection.execute(sa.select(sa.func.pg_advisory_unlock(MIGRATION_LOCK)))
                await connection.commit()
    await engine.dispose()


def _same_text(
    _context: object, _inspected: object, _declared: object, inspected: Any, declared: Any
) -> bool | None:
    """TEXT in the database and SQLModel's unbounded AutoString (VARCHAR) are one type: no diff."""
    if isinstance(declared, sa.types.TypeDecorator):  # AutoString wraps a String
        declared = declared.impl_instance
    unbounded = isinstance(declared, sa.String) and declared.length is None
    if unbounded and isinstance(inspected, sa.Text | sa.String) and inspected.length is None:
        return False
    return None  # alembic's own comparison


def _modelled(
    _object: object, name: str | None, type_: str, reflected: bool, _other: object
) -> bool:
    """Leave SQLite's full-text tables out of `alembic check`: a migration makes them with SQL
    (FTS5 virtual tables and their shadow tables), no model can declare them."""
    return not (type_ == "table" and reflected and name is not None and "_fts" in name)


def _migrate(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=_same_text,
        include_object=_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


def create_messaging_tables() -> None:
    """The outbox and processed-events tables; every service's first migration calls this."""
    from alembic import op

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_outbox_published_at", "outbox", ["published_at"])
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column(
            "handled_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )


def drop_messaging_tables() -> None:
    from alembic import op

    op.drop_table("processed_events")
    op.drop_index("ix_outbox_published_at", table_name="outbox")
    op.drop_table("outbox")


def add_outbox_failure_columns() -> None:
    """Per-row failure accounting and the dead-letter state; each service's revision calls this."""
    from alembic import op

    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("dead_lettered_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_outbox_pending_key", "outbox", ["published_at", "topic", "key"])


def drop_outbox_failure_columns() -> None:
    from alembic import op

    op.drop_index("ix_outbox_pending_key", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        for column in ("dead_lettered_at", "next_attempt_at", "last_error", "attempts"):
            batch.drop_column(column)
