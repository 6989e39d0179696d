"""The transactional outbox: the table events are written to, and the relay that publishes them."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NoBrokersAvailable,
    NodeNotReadyError,
    RecordTooLargeError,
    RequestTimedOutError,
)
from opentelemetry import propagate
from sqlalchemy import JSON, Column, DateTime, Index, Integer, Text, func, text, update
from sqlalchemy.orm import aliased
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from servicekit.errors import BrokerUnavailable, ServiceError
from servicekit.leases import Lease, lease_for
from servicekit.timestamps import UtcDateTime
from servicekit.waiting import wait_set

if TYPE_CHECKING:
    from servicekit.db import Database

logger = logging.getLogger(__name__)

Publish = Callable[[str, str, bytes, dict[str, str]], Awaitable[None]]

# Below the producer's 1 MiB max_request_size, leaving room for the key and headers.
DEFAULT_MAX_EVENT_BYTES = 900 * 1024
DEFAULT_MAX_ATTEMPTS = 10
LAST_ERROR_CHARS = 2000
AWAY_LOG_SECONDS = 60.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxMessage(SQLModel, table=True):
    """An event waiting to be published, written in the transaction that raised it.

    A row is pending until `published_at` is set; a row the relay gave up on is
    parked with `dead_lettered_at` and its `last_error` until an operator re-drives it.
    """

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
    attempts: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default=text("0"))
    )
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    next_attempt_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    dead_lettered_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )

    # Published rows pile up: every relay query starts from the unpublished ones, by key.
    __table_args__ = (Index("ix_outbox_pending_key", "published_at", "topic", "key"),)


class EventTooLarge(ServiceError):
    """An event whose encoded envelope is over the limit: it could never be published."""

    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"


def encode_envelope(envelope: dict[str, Any]) -> bytes:
    """The bytes the relay publishes; the size check measures exactly these."""
    return json.dumps(envelope).encode()


def check_event_size(event_type: str, body: bytes, limit: int) -> None:
    if len(body) > limit:
        raise EventTooLarge(
            f"The {event_type} event this change raises is {len(body)} bytes once encoded,"
            f" over the limit of {limit} bytes"
        )


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span, to travel in the Kafka headers."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


# Failures that say the broker is away, not that the row is bad: they stop the pass and
# never count towards parking a row (an outage must not dead-letter the outbox). The row
# still waits before its next try, so one that always times out (its topic is missing)
# does not stop every pass at its own id. BrokerUnavailable: not connected yet (start-up).
_BROKER_AWAY = (
    BrokerUnavailable,
    KafkaConnectionError,
    KafkaTimeoutError,
    NoBrokersAvailable,
    NodeNotReadyError,
    RequestTimedOutError,
    ConnectionError,
    TimeoutError,
)
# Failures no retry can cure: the row is parked at once.
_NEVER_PUBLISHABLE = (MessageSizeTooLargeError, RecordTooLargeError, EventTooLarge)


@dataclass
class _Pass:
    """What one relay pass did, recorded in one short transaction afterwards."""

    published: list[int] = field(default_factory=list)
    failed: list[tuple[OutboxMessage, Exception]] = field(default_factory=list)
    broker_away: tuple[OutboxMessage, Exception] | None = None


@dataclass(frozen=True)
class OutboxStats:
    backlog: int  # pending rows, parked ones left out
    dead_letters: int  # parked rows
    oldest_pending_at: datetime | None

    def oldest_age_seconds(self, now: datetime) -> float:
        if self.oldest_pending_at is None:
            return 0.0
        return max(0.0, (now - self.oldest_pending_at).total_seconds())


class OutboxRelay:
    """Publishes committed outbox rows, woken by commits and by a slow poll.

    Rows of one (topic, key) go out in id order: a row that fails holds back the
    later rows of its key until it is published or parked; other keys go on.
    Only the holder of `lease` publishes (one relay per service, however many
    replicas); the others ask again every `lease_retry_seconds` and take over
    when the holder is gone.
    """

    def __init__(
        self,
        database: Database,
        publish: Publish,
        *,
        poll_seconds: float = 1.0,
        batch_size: int = 200,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 60.0,
        broker_retry_seconds: float = 5.0,
        on_published: Callable[[int], None] | None = None,
        lease: Lease | None = None,
        lease_retry_seconds: float = 5.0,
    ) -> None:
        self._database = database
        self.lease = lease if lease is not None else lease_for(database, "outbox-relay")
        self._lease_retry = lease_retry_seconds
        self._publish = publish
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._broker_retry = broker_retry_seconds
        self._on_published = on_published
        self._wake = asyncio.Event()
        self._away_logged_at: float | None = None

    def wake(self) -> None:
        self._wake.set()

    def _log_broker_away(self, exc: Exception) -> None:
        """An outage fails every pass: log its first and then one a minute, no stack trace."""
        now = asyncio.get_running_loop().time()
        if self._away_logged_at is not None and now - self._away_logged_at < AWAY_LOG_SECONDS:
            return
        self._away_logged_at = now
        logger.warning(
            "outbox relay could not publish; will retry", extra={"error": _describe(exc)}
        )

    async def run(self) -> None:
        """Publish until cancelled; a broker outage is retried on the next wake or poll."""
        try:
            while True:
                try:
                    while (due := await self.publish_pending()) == self._batch_size:
                        pass
                    if due:  # the broker took what was due: an outage, if any, is over
                        self._away_logged_at = None
                except asyncio.CancelledError:
                    raise
                except _BROKER_AWAY as exc:
                    self._log_broker_away(exc)
                except Exception:
                    logger.warning("outbox relay could not publish; will retry", exc_info=True)
                if self.lease.held:
                    await wait_set(self._wake, self._poll_seconds)
                else:  # another replica publishes; commits here need not wake this one
                    await asyncio.sleep(self._lease_retry)
                self._wake.clear()
        finally:
            await self.close()

    async def close(self) -> None:
        """Give up the lease, so another replica takes over at once."""
        await self.lease.release()

    async def publish_pending(self) -> int:
        """Publish one batch of due rows in order; return how many were due (0 when another
        relay holds the lease).

        Raises when the broker is away, after recording what was published before.
        """
        if not await self.lease.hold():
            return 0
        async with self._database.session() as session:
            rows = (await session.exec(self._due_rows(utcnow()))).all()
            if self._database.is_sqlite:
                # SQLite has one write lock per file: never hold it while waiting for the broker.
                await session.commit()
            outcome = await self._publish_in_order(rows)
            await self._record(session, outcome)
            await session.commit()
        if outcome.published and self._on_published is not None:
            self._on_published(len(outcome.published))
        if outcome.broker_away is not None:
            raise outcome.broker_away[1]
        return len(rows)

    def _due_rows(self, now: datetime) -> Any:
        """Pending rows in id order, leaving out every row behind one that waits to retry."""
        waiting = aliased(OutboxMessage)
        held_back = (
            select(waiting.id)
            .where(
                col(waiting.topic) == col(OutboxMessage.topic),
                col(waiting.key) == col(OutboxMessage.key),
                col(waiting.id) <= col(OutboxMessage.id),
                col(waiting.published_at).is_(None),
                col(waiting.dead_lettered_at).is_(None),
                col(waiting.next_attempt_at) > now,
            )
            .exists()
        )
        return (
            select(OutboxMessage)
            .where(
                col(OutboxMessage.published_at).is_(None),
                col(OutboxMessage.dead_lettered_at).is_(None),
                ~held_back,
            )
            .order_by(col(OutboxMessage.id))
            .limit(self._batch_size)
        )

    async def _publish_in_order(self, rows: Sequence[OutboxMessage]) -> _Pass:
        outcome = _Pass()
        held: set[tuple[str, str]] = set()
        for row in rows:
            if (row.topic, row.key) in held:
                continue  # an earlier row of this key failed in this pass
            headers = {**row.headers, "event_type": row.event_type}
            try:
                await self._publish(row.topic, row.key, encode_envelope(row.envelope), headers)
            except _BROKER_AWAY as exc:
                outcome.broker_away = (row, exc)
                break
            except Exception as exc:
                held.add((row.topic, row.key))
                outcome.failed.append((row, exc))
            else:
                assert row.id is not None
                outcome.published.append(row.id)
        return outcome

    async def _record(self, session: AsyncSession, outcome: _Pass) -> None:
        now = utcnow()
        if outcome.published:
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_(outcome.published))
                .values(published_at=now, last_error=None, next_attempt_at=None)
            )
        for row, exc in outcome.failed:
            attempts = row.attempts + 1
            park = isinstance(exc, _NEVER_PUBLISHABLE) or attempts >= self._max_attempts
            delay = min(self._backoff * 2 ** (attempts - 1), self._max_backoff)
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == row.id)
                .values(
                    attempts=attempts,
                    last_error=_describe(exc),
                    next_attempt_at=now + timedelta(seconds=delay),
                    dead_lettered_at=now if park else None,
                )
            )
            log = logger.error if park else logger.warning
            log(
                "outbox row parked as a dead letter" if park else "outbox row failed; will retry",
                extra={
                    "event_id": row.event_id,
                    "topic": row.topic,
                    "attempts": attempts,
                    "error": _describe(exc),
                },
            )
        if outcome.broker_away is not None:
            row, exc = outcome.broker_away
            # "Not connected yet" is this process's state, not the row's: due again at once
            # (passes are a poll apart, and connecting wakes the relay).
            wait = 0.0 if isinstance(exc, BrokerUnavailable) else self._broker_retry
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == row.id)
                .values(last_error=_describe(exc), next_attempt_at=now + timedelta(seconds=wait))
            )

    async def backlog(self) -> int:
        """How many events wait to be published (for /metrics)."""
        return await self._count(col(OutboxMessage.dead_lettered_at).is_(None))

    async def dead_letters(self) -> int:
        """How many rows are parked for an operator (for /metrics)."""
        return await self._count(col(OutboxMessage.dead_lettered_at).is_not(None))

    async def stats(self) -> OutboxStats:
        """Backlog, parked rows and the oldest pending row, in one query (for the gauges)."""
        pending = col(OutboxMessage.dead_lettered_at).is_(None)
        async with self._database.session() as session:
            query = select(
                func.count().filter(pending),
                func.count().filter(~pending),
                func.min(OutboxMessage.created_at).filter(pending),
            ).where(col(OutboxMessage.published_at).is_(None))
            backlog, parked, oldest = (await session.exec(query)).one()
        if isinstance(oldest, str):  # SQLite hands an aggregate's timestamp back as text
            oldest = datetime.fromisoformat(oldest)
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        return OutboxStats(int(backlog), int(parked), oldest)

    async def _count(self, condition: Any) -> int:
        async with self._database.session() as session:
            query = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(col(OutboxMessage.published_at).is_(None), condition)
            )
            return int((await session.exec(query)).one())


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:LAST_ERROR_CHARS]


def timestamp_field(*, optional: bool = False) -> Any:
    """A timezone-aware timestamp column: now by default, or empty when `optional`."""
    column: Column[datetime] = Column(UtcDateTime(), nullable=optional)
    if optional:
        return Field(default=None, sa_column=column)
    return Field(default_factory=utcnow, sa_column=column)
