"""What the pipeline gave up on, for operators: parked outbox rows and `<topic>.dlq` messages.

Both can be listed and re-driven: a parked row becomes pending again (the relay
publishes it), a dead-letter message is published back to its topic (consumers
are idempotent by `event_id`, so a re-drive of something handled is a no-op).
"""

from __future__ import annotations

import base64
import json
import logging
from collections import deque
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from faststream.security import BaseSecurity
from pydantic import BaseModel, Field
from sqlalchemy import update
from sqlmodel import col, select

from contracts.topics import dead_letter
from servicekit.db import Database
from servicekit.errors import BrokerUnavailable, NotFound
from servicekit.messaging import client_security
from servicekit.outbox import OutboxMessage, Publish

logger = logging.getLogger(__name__)
READ_TIMEOUT_MS = 5_000
MAX_LISTED = 1_000


class ParkedEvent(BaseModel):
    """An outbox row the relay stopped trying to publish."""

    id: int
    event_id: str
    event_type: str
    topic: str
    key: str
    attempts: int
    last_error: str | None
    created_at: datetime
    dead_lettered_at: datetime | None


class DeadLetterMessage(BaseModel):
    """One message on a `<topic>.dlq` topic, addressed by where it sits there."""

    dlq_topic: str
    partition: int = Field(ge=0)
    offset: int = Field(ge=0)
    topic: str | None = None
    consumer: str | None = None
    reason: str | None = None
    failed_at: str | None = None


class MessageAddress(BaseModel):
    dlq_topic: str = Field(min_length=1, max_length=250)
    partition: int = Field(ge=0, le=100_000)
    offset: int = Field(ge=0, le=2**62)


def _parked(row: OutboxMessage) -> ParkedEvent:
    assert row.id is not None
    return ParkedEvent(
        id=row.id,
        event_id=row.event_id,
        event_type=row.event_type,
        topic=row.topic,
        key=row.key,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        dead_lettered_at=row.dead_lettered_at,
    )


async def parked_events(database: Database, *, limit: int = 100) -> list[ParkedEvent]:
    """The oldest parked outbox rows first."""
    async with database.session() as session:
        query = (
            select(OutboxMessage)
            .where(
                col(OutboxMessage.dead_lettered_at).is_not(None),
                col(OutboxMessage.published_at).is_(None),
            )
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        )
        return [_parked(row) for row in (await session.exec(query)).all()]


async def redrive_parked(database: Database, *, row_id: int) -> ParkedEvent:
    """Make a parked row pending again, with a fresh count of attempts."""
    async with database.session() as session:
        result = await session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == row_id,
                col(OutboxMessage.dead_lettered_at).is_not(None),
                col(OutboxMessage.published_at).is_(None),
            )
            .values(dead_lettered_at=None, attempts=0, next_attempt_at=None)
        )
        if result.rowcount != 1:
            raise NotFound(f"No parked outbox row {row_id}")
        row = await session.get(OutboxMessage, row_id)
        await session.commit()
    assert row is not None
    logger.info("re-driving a parked outbox row", extra={"event_id": row.event_id})
    return _parked(row)


def _body(record: ConsumerRecord[bytes, bytes]) -> dict[str, Any]:
    try:
        body = json.loads(record.value or b"")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message(record: ConsumerRecord[bytes, bytes]) -> DeadLetterMessage:
    body = _body(record)
    return DeadLetterMessage(
        dlq_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        topic=body.get("topic"),
        consumer=body.get("consumer"),
        reason=body.get("reason"),
        failed_at=body.get("failed_at"),
    )


async def _reader(bootstrap_servers: str, security: BaseSecurity | None) -> AIOKafkaConsumer:
    """A started consumer outside any group: reading commits nothing."""
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers.split(","),
        **client_security(security),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        await reader.start()
        await reader.topics()  # metadata of every topic, not only assigned ones
    except KafkaError as exc:
        await reader.stop()
        raise BrokerUnavailable(f"The broker did not answer: {exc}") from exc
    return reader


async def dead_letter_messages(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    consumer: str,
    limit: int = 100,
    security: BaseSecurity | None = None,
) -> list[DeadLetterMessage]:
    """The newest `limit` messages this consumer dead-lettered on the topics' `.dlq` topics."""
    reader = await _reader(bootstrap_servers, security)
    found: deque[DeadLetterMessage] = deque(maxlen=min(limit, MAX_LISTED))
    try:
        partitions = [
            TopicPartition(name, partition)
            for name in sorted({dead_letter(topic) for topic in topics})
            for partition in sorted(reader.partitions_for_topic(name) or ())
        ]
        if not partitions:
            return []
        reader.assign(partitions)
        await reader.seek_to_beginning(*partitions)
        ends = await reader.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batch = await reader.getmany(*remaining, timeout_ms=READ_TIMEOUT_MS)
            if not batch:
                break  # the broker stopped answering: show what was read
            for tp, records in batch.items():
                found.extend(m for m in map(_message, records) if m.consumer == consumer)
                if records[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await reader.stop()
    return list(found)


async def _read_one(
    bootstrap_servers: str, address: MessageAddress, security: BaseSecurity | None
) -> ConsumerRecord[bytes, bytes]:
    reader = await _reader(bootstrap_servers, security)
    try:
        tp = TopicPartition(address.dlq_topic, address.partition)
        if address.partition not in (reader.partitions_for_topic(address.dlq_topic) or ()):
            raise NotFound(
                f"No dead-letter topic partition {address.dlq_topic}/{address.partition}"
            )
        end = (await reader.end_offsets([tp]))[tp]
        if address.offset >= end:
            raise NotFound(f"No message at offset {address.offset} of {address.dlq_topic}")
        reader.assign([tp])
        reader.seek(tp, address.offset)
        batch = await reader.getmany(tp, timeout_ms=READ_TIMEOUT_MS, max_records=1)
        records = batch.get(tp, [])
        if not records or records[0].offset != address.offset:
            raise NotFound(f"No message at offset {address.offset} of {address.dlq_topic}")
        return records[0]
    finally:
        await reader.stop()


async def redrive_message(
    bootstrap_servers: str,
    publish: Publish,
    address: MessageAddress,
    *,
    topics: Iterable[str],
    security: BaseSecurity | None = None,
) -> DeadLetterMessage:
    """Publish a dead-lettered message of one of `topics` back to the topic, as it was."""
    if address.dlq_topic not in {dead_letter(topic) for topic in topics}:
        raise NotFound(f"{address.dlq_topic} is not a dead-letter topic of this service")
    record = await _read_one(bootstrap_servers, address, security)
    body = _body(record)
    topic = body.get("topic")
    if not isinstance(topic, str) or dead_letter(topic) != address.dlq_topic:
        raise NotFound(
            f"{address.dlq_topic}/{address.partition}/{address.offset} is not a dead letter"
        )
    if isinstance(body.get("original"), str):
        original = body["original"].encode()
    elif isinstance(body.get("original_base64"), str):
        original = base64.b64decode(body["original_base64"])
    else:
        raise NotFound("The dead letter does not carry its original message")
    headers = {
        name: value.decode(errors="replace")
        for name, value in (record.headers or ())
        if not name.startswith("dlq_")
    }
    headers["redriven_from"] = f"{address.dlq_topic}/{address.partition}/{address.offset}"
    key = (record.key or b"").decode(errors="replace")
    await publish(topic, key, original, headers)
    logger.info("re-drove a dead letter", extra={"topic": topic, "from": headers["redriven_from"]})
    return _message(record)
