"""Idempotent consumers: handled event ids, retries for transient errors, the dead-letter topic."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opentelemetry import trace
from pydantic import ValidationError
from sqlalchemy import Column, DateTime, func
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Field, SQLModel

from contracts import Envelope, Event, UnknownEventError, decode_payload
from contracts.topics import dead_letter
from servicekit.db import Database, UnitOfWork
from servicekit.errors import ServiceError
from servicekit.outbox import Publish, utcnow
from servicekit.telemetry import continue_trace

logger = logging.getLogger(__name__)

Handler = Callable[[UnitOfWork, Event, Envelope], Awaitable[None]]


class ProcessedEvent(SQLModel, table=True):
    """An event this service's consumer has handled; written in the handler's transaction."""

    __tablename__ = "processed_events"

    consumer: str = Field(primary_key=True, max_length=100)
    event_id: str = Field(primary_key=True, max_length=36)
    handled_at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class PermanentError(Exception):
    """The message can never be handled; it goes to the dead-letter topic at once."""


_TRANSIENT = (OperationalError, ConnectionError, TimeoutError, OSError)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, _TRANSIENT)


@dataclass(frozen=True)
class Delivery:
    """One message as it came off the broker."""

    topic: str
    value: bytes
    headers: dict[str, str]
    partition: int | None = None
    offset: int | None = None


class IdempotentConsumer:
    """Runs handlers once per `event_id`, parks poison messages in `<topic>.dlq`."""

    def __init__(
        self,
        database: Database,
        *,
        name: str,
        unit_of_work: Callable[[], UnitOfWork],
        publish: Publish,
        max_attempts: int = 4,
        backoff_seconds: float = 0.2,
        observe: Callable[[str, str, float], None] | None = None,
        on_dead_letter: Callable[[str], None] | None = None,
    ) -> None:
        self._database = database
        self.name = name
        self._unit_of_work = unit_of_work
        self._publish = publish
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._observe = observe
        self._on_dead_letter = on_dead_letter

    async def deliver(self, delivery: Delivery, handler: Handler) -> None:
        """Handle one delivery; raises only for transient failures, so the broker redelivers."""
        started = time.perf_counter()
        outcome = "handled"
        try:
            try:
                envelope = Envelope.model_validate_json(delivery.value)
                event = decode_payload(envelope)
            except (ValidationError, UnknownEventError, ValueError) as exc:
                outcome = "dead_lettered"
                await self._dead_letter(delivery, f"undecodable message: {exc}")
                return
            span = f"consume {delivery.topic}"
            with continue_trace(delivery.headers, span, kind=trace.SpanKind.CONSUMER):
                outcome = await self._handle_with_retries(delivery, envelope, event, handler)
        except Exception:
            outcome = "retried"
            raise
        finally:
            if self._observe is not None:
                self._observe(delivery.topic, outcome, time.perf_counter() - started)

    async def _handle_with_retries(
        self, delivery: Delivery, envelope: Envelope, event: Event, handler: Handler
    ) -> str:
        for attempt in range(1, self._max_attempts + 1):
            try:
                return await self._handle_once(envelope, event, handler)
            except (PermanentError, ServiceError, ValidationError) as exc:
                await self._dead_letter(delivery, f"{type(exc).__name__}: {exc}", envelope)
                return "dead_lettered"
            except Exception as exc:
                if attempt == self._max_attempts:
                    if _is_transient(exc):
                        logger.warning(
                            "transient failure persists; leaving for redelivery",
                            extra={"event_id": str(envelope.event_id)},
                        )
                        raise
                    logger.exception(
                        "handler keeps failing; dead-lettering",
                        extra={"event_id": str(envelope.event_id)},
                    )
                    await self._dead_letter(
                        delivery, f"failed {attempt} times: {type(exc).__name__}: {exc}", envelope
                    )
                    return "dead_lettered"
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _handle_once(self, envelope: Envelope, event: Event, handler: Handler) -> str:
        event_id = str(envelope.event_id)
        async with self._unit_of_work() as uow:
            if await uow.session.get(ProcessedEvent, (self.name, event_id)) is not None:
                return "duplicate"
            uow.session.add(ProcessedEvent(consumer=self.name, event_id=event_id))
            try:
                await uow.session.flush()
            except IntegrityError:
                return "duplicate"  # a concurrent delivery of the same event claimed it
            await handler(uow, event, envelope)
            try:
                await uow.commit()
            except IntegrityError:
                await uow.rollback()
                if await self._already_handled(event_id):
                    return "duplicate"
                raise
        return "handled"

    async def _already_handled(self, event_id: str) -> bool:
        async with self._database.session() as session:
            return await session.get(ProcessedEvent, (self.name, event_id)) is not None

    async def _dead_letter(
        self, delivery: Delivery, reason: str, envelope: Envelope | None = None
    ) -> None:
        logger.error("dead-lettering a message", extra={"topic": delivery.topic, "reason": reason})
        body: dict[str, Any] = {
            "reason": reason,
            "consumer": self.name,
            "topic": delivery.topic,
            "partition": delivery.partition,
            "offset": delivery.offset,
            "failed_at": utcnow().isoformat(),
        }
        try:
            body["original"] = delivery.value.decode()
        except UnicodeDecodeError:
            body["original_base64"] = base64.b64encode(delivery.value).decode()
        headers = {
            **delivery.headers,
            "dlq_reason": reason[:500],
            "dlq_consumer": self.name,
            "dlq_original_topic": delivery.topic,
        }
        key = envelope.key if envelope is not None else f"{delivery.partition}:{delivery.offset}"
        await self._publish(dead_letter(delivery.topic), key, json.dumps(body).encode(), headers)
        if self._on_dead_letter is not None:
            self._on_dead_letter(delivery.topic)
