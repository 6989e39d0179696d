"""The transactional outbox: the table events are written to, and the relay that publishes them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from opentelemetry import propagate
from sqlalchemy import JSON, Column, DateTime, func
from sqlmodel import Field, SQLModel, col, select

from servicekit.timestamps import UtcDateTime

if TYPE_CHECKING:
    from servicekit.db import Database

logger = logging.getLogger(__name__)

Publish = Callable[[str, str, bytes, dict[str, str]], Awaitable[None]]


def utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxMessage(SQLModel, table=True):
    """An event waiting to be published, written in the transaction that raised it."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True, max_length=36)
    topic: str = Field(max_length=200)
    key: str = Field(max_length=200)
    event_type: str = Field(max_length=200)
    envelope: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    published_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True, index=True)
    )


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span, to travel in the Kafka headers."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


class OutboxRelay:
    """Publishes committed outbox rows in order, woken by commits and by a slow poll."""

    def __init__(
        self,
        database: Database,
        publish: Publish,
        *,
        poll_seconds: float = 1.0,
        batch_size: int = 200,
        on_published: Callable[[int], None] | None = None,
    ) -> None:
        self._database = database
        self._publish = publish
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._on_published = on_published
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Publish until cancelled; a broker outage is retried on the next wake or poll."""
        while True:
            try:
                while await self.publish_pending() == self._batch_size:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("outbox relay could not publish; will retry", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
            self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish one batch of unpublished rows; return how many were published."""
        async with self._database.session() as session:
            query = (
                select(OutboxMessage)
                .where(col(OutboxMessage.published_at).is_(None))
                .order_by(col(OutboxMessage.id))
                .limit(self._batch_size)
            )
            if not self._database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.exec(query)).all()
            for row in rows:
                body = json.dumps(row.envelope).encode()
                headers = {**row.headers, "event_type": row.event_type}
                await self._publish(row.topic, row.key, body, headers)
                row.published_at = utcnow()
                session.add(row)
            await session.commit()
        if rows and self._on_published is not None:
            self._on_published(len(rows))
        return len(rows)

    async def backlog(self) -> int:
        """How many events wait to be published (for /metrics)."""
        async with self._database.session() as session:
            query = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(col(OutboxMessage.published_at).is_(None))
            )
            return int((await session.exec(query)).one())


def timestamp_field(*, optional: bool = False) -> Any:
    """A timezone-aware timestamp column: now by default, or empty when `optional`."""
    column: Column[datetime] = Column(UtcDateTime(), nullable=optional)
    if optional:
        return Field(default=None, sa_column=column)
    return Field(default_factory=utcnow, sa_column=column)
