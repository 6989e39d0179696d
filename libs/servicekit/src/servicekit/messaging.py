"""The Kafka broker every service uses: creation, topics, publishing and subscribing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from faststream import AckPolicy, Context
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage

from contracts.topics import dead_letter
from servicekit.inbox import Delivery, Handler, IdempotentConsumer
from servicekit.outbox import Publish

logger = logging.getLogger(__name__)
FETCH_MAX_WAIT_MS = 20


def create_broker(bootstrap_servers: str, *, client_id: str) -> KafkaBroker:
    # Tansu has no idempotent producer or transactions: keep both off (field notes).
    logger = logging.getLogger(f"{client_id}.broker")
    logger.setLevel(logging.WARNING)  # FastStream narrates every message at INFO
    return KafkaBroker(
        bootstrap_servers.split(","),
        client_id=client_id,
        enable_idempotence=False,
        logger=logger,
        log_level=logging.DEBUG,
    )


def broker_publisher(broker: KafkaBroker) -> Publish:
    async def publish(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        await broker.publish(value, topic=topic, key=key.encode(), headers=headers)

    return publish


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int = 3, attempts: int = 30
) -> None:
    """Create the topics (and their dead-letter topics) if missing; waits for the broker."""
    names = sorted({name for topic in topics for name in (topic, dead_letter(topic))})
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers.split(","))
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(name, num_partitions=partitions, replication_factor=1)
                for name in names
                if name not in existing
            ]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):  # another service raced us
                    await admin.create_topics(missing)
            return
        except (KafkaError, OSError) as exc:
            if attempt == attempts:
                raise
            logger.info("waiting for the broker", extra={"attempt": attempt, "error": str(exc)})
            await asyncio.sleep(min(0.2 * attempt, 2.0))
        finally:
            await admin.close()


def subscribe(
    broker: KafkaBroker,
    *,
    topic: str,
    group_id: str,
    consumer: IdempotentConsumer,
    handler: Handler,
    session_timeout_ms: int = 10_000,
    admit: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Route `topic` through `consumer` into `handler`, committing only after success."""

    @broker.subscriber(
        topic,
        group_id=group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(100, session_timeout_ms // 3),
        # Tansu answers an empty fetch only when this runs out: keep the wait short.
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    async def on_message(message: KafkaMessage = Context("message")) -> None:
        raw = message.raw_message
        record = raw[0] if isinstance(raw, tuple) else raw
        headers = {key: value.decode() for key, value in (record.headers or ())}
        if admit is not None:
            await admit()
        await consumer.deliver(
            Delivery(topic, record.value or b"", headers, record.partition, record.offset),
            handler,
        )
