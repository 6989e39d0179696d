"""Reads the whole interview topic in this process and hands each event to the hub.

Every gateway process must see every event (its sockets may be any interview's), so the reader
joins no consumer group: it assigns itself every partition and starts at the end. What was
published while no socket was open is nobody's to receive; nothing is committed.
"""

from __future__ import annotations

import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from faststream.security import BaseSecurity
from pydantic import ValidationError

from contracts import Envelope, UnknownEventError, decode_payload
from contracts.interview import InterviewEvent
from contracts.topics import INTERVIEW_EVENTS
from gateway.fanout.hub import FanoutHub, Frame
from servicekit.messaging import client_security

logger = logging.getLogger(__name__)
# Tansu answers an empty fetch only when the wait runs out (field notes): keep it short.
FETCH_MAX_WAIT_MS = 20
MAX_RECORDS = 500
RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 15.0
PARTITION_CHECK_SECONDS = 5.0


def frame_of(raw: bytes) -> tuple[InterviewEvent, Frame] | None:
    """The event in `raw` and the frame its owner's sockets get; None when it is not one."""
    try:
        envelope = Envelope.model_validate_json(raw)
        event = decode_payload(envelope)
    except (ValidationError, UnknownEventError, ValueError) as exc:
        logger.warning(
            "skipped a message that is not an interview event", extra={"error": str(exc)}
        )
        return None
    if not isinstance(event, InterviewEvent):
        return None
    body = event.model_dump(mode="json", include={"type", "data", "sequence"})
    body |= {
        "interview_id": event.interview_id,
        "event_id": str(envelope.event_id),
        "occurred_at": envelope.occurred_at.isoformat().replace("+00:00", "Z"),
    }
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return event, Frame(text, envelope.occurred_at.timestamp())


class TopicReader:
    """One consumer over every partition of `topic`, from its end, restarted when it fails."""

    def __init__(
        self,
        bootstrap_servers: str,
        hub: FanoutHub,
        topic: str = INTERVIEW_EVENTS,
        *,
        security: BaseSecurity | None = None,
    ):
        self._bootstrap = bootstrap_servers.split(",")
        self._security = security  # the same TLS and SASL as every other client of the broker
        self._hub = hub
        self._topic = topic
        self.assigned = asyncio.Event()  # set once the reader is at the end of every partition

    async def run(self) -> None:
        """Read until cancelled; a broker outage or a lost topic is retried, never fatal."""
        failures = 0
        while True:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._bootstrap,
                **client_security(self._security),
                group_id=None,
                enable_auto_commit=False,
                fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
                # partitions_for_topic reads the consumer's own metadata, which `topics()` does
                # not refresh: without this a topic created after start stays unseen 5 minutes.
                metadata_max_age_ms=int(PARTITION_CHECK_SECONDS * 1000),
                client_id="gateway-fanout",
            )
            try:
                await consumer.start()
                failures = 0
                await self._read(consumer)
            except (KafkaError, OSError) as exc:
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    logger.warning(
                        "interview event reader failed; retrying",
                        extra={"error": str(exc), "failures": failures},
                    )
            finally:
                self.assigned.clear()
                await consumer.stop()
            await asyncio.sleep(min(RETRY_SECONDS * 2 ** min(failures, 5), MAX_RETRY_SECONDS))

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        partitions = await self._partitions(consumer)
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)  # resolve "end" now, not at the first fetch
        self.assigned.set()
        loop = asyncio.get_running_loop()
        checked = loop.time()
        while True:
            batches = await consumer.getmany(timeout_ms=1000, max_records=MAX_RECORDS)
            for records in batches.values():
                for record in records:
                    self._deliver(record.value or b"")
            if loop.time() - checked > PARTITION_CHECK_SECONDS:
                checked = loop.time()
                if set(await self._partitions(consumer)) != set(partitions):
                    return  # partitions were added, or the topic was re-created: start over

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        while True:
            await consumer.topics()  # fetches fresh metadata
            numbers = consumer.partitions_for_topic(self._topic)
            if numbers:
                return [TopicPartition(self._topic, n) for n in sorted(numbers)]
            await asyncio.sleep(RETRY_SECONDS)  # the producers create it; wait for them

    def _deliver(self, raw: bytes) -> None:
        decoded = frame_of(raw)
        if decoded is not None:
            event, frame = decoded
            self._hub.publish(interview_id=event.interview_id, user_id=event.user_id, frame=frame)
