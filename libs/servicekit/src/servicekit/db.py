"""The database engine, one per service, and the unit of work that is the only place to commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts import Envelope, Event
from servicekit.outbox import (
    DEFAULT_MAX_EVENT_BYTES,
    OutboxMessage,
    check_event_size,
    current_trace_headers,
    encode_envelope,
)


class Database:
    """An async engine and session factory for one service's own database."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        parsed = make_url(url)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        options: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            options["connect_args"] = {"timeout": 30}
        else:
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin_immediate)
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    # Let SQLAlchemy, not the driver, open transactions (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    # WAL is a property of the file and stays set; switching needs a lock that another
    # connection's transaction can refuse at once, so only the first connection asks.
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes can fail with "database is locked"
    # at once under WAL (no busy wait, to avoid deadlock); taking the write lock up front waits.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class UnitOfWork:
    """One transaction: state changes and the events they raise commit together.

    Events go to the outbox table; `on_commit` wakes the relay, which publishes
    them after the commit, so nothing reaches the broker for a rolled-back change.
    An event too large to ever be published is refused here, before it is written.
    """

    def __init__(
        self,
        database: Database,
        *,
        producer: str,
        on_commit: Callable[[], None] | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        self._database = database
        self._producer = producer
        self._on_commit = on_commit
        self._max_event_bytes = max_event_bytes
        self._raised = 0
        self._after_commit: list[Callable[[], None]] = []
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._database.sessions()
        return self

    async def __aexit__(self, *exc: object) -> None:
        # close() rolls back anything uncommitted without expiring loaded objects, so
        # values returned by a use case stay readable after its unit of work ends.
        await self.session.close()

    def raise_event(
        self, event: Event, *, trace_headers: Mapping[str, str] | None = None
    ) -> Envelope:
        """Record `event` in the outbox of this transaction; raises EventTooLarge.

        The row carries the current span's trace context, or `trace_headers` when the event
        continues work begun under another (a run queued long ago).
        """
        envelope = Envelope.wrap(event, producer=self._producer)
        body = envelope.model_dump(mode="json")
        check_event_size(envelope.event_type, encode_envelope(body), self._max_event_bytes)
        self.session.add(
            OutboxMessage(
                event_id=str(envelope.event_id),
                topic=event.topic,
                key=envelope.key,
                event_type=envelope.event_type,
                envelope=body,
                headers=dict(trace_headers) if trace_headers else current_trace_headers(),
            )
        )
        self._raised += 1
        return envelope

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this transaction has committed (never if it rolls back)."""
        self._after_commit.append(callback)

    async def commit(self) -> None:
        await self.session.commit()
        if self._raised and self._on_commit is not None:
            self._on_commit()
        callbacks, self._after_commit, self._raised = self._after_commit, [], 0
        for callback in callbacks:
            callback()

    async def rollback(self) -> None:
        await self.session.rollback()
        self._raised = 0
        self._after_commit = []
