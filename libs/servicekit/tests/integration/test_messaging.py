"""The reliable-messaging guarantees against the real broker: outbox, idempotency, DLQ, catch-up."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from sqlmodel import SQLModel

from contracts import Envelope, Event
from contracts.coach import FeedbackReady
from contracts.topics import dead_letter
from servicekit.db import Database, UnitOfWork
from servicekit.inbox import IdempotentConsumer, PermanentError
from servicekit.messaging import broker_publisher, create_broker, ensure_topics, subscribe
from servicekit.metrics import ServiceMetrics
from servicekit.outbox import OutboxRelay
from servicekit.testing.infra import consumer_session_timeout_ms

pytestmark = pytest.mark.integration


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    db = Database(sqlite_url)
    async with db.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    yield db
    await db.dispose()


def feedback(n: int) -> FeedbackReady:
    return FeedbackReady(
        feedback_id=f"f{n}", user_id="u1", target_type="attempt", target_id=f"a{n}"
    )


class Recorder:
    """A handler that remembers what it handled, and can be told to fail."""

    def __init__(self) -> None:
        self.handled: list[str] = []
        self.poison: set[str] = set()

    async def __call__(self, uow: UnitOfWork, event: Event, envelope: Envelope) -> None:
        assert isinstance(event, FeedbackReady)
        if event.feedback_id in self.poison:
            raise PermanentError("this one can never be handled")
        self.handled.append(event.feedback_id)


async def start_consumer(
    bootstrap: str,
    database: Database,
    topic: str,
    group: str,
    recorder: Recorder,
    metrics: ServiceMetrics | None = None,
) -> Any:
    broker = create_broker(bootstrap, client_id=group)
    publish = broker_publisher(broker)
    consumer = IdempotentConsumer(
        database,
        name=group,
        unit_of_work=lambda: UnitOfWork(database, producer="test"),
        publish=publish,
        backoff_seconds=0.01,
        on_dead_letter=metrics.observe_dead_letter if metrics is not None else None,
    )
    subscribe(
        broker,
        topic=topic,
        group_id=group,
        consumer=consumer,
        handler=recorder,
        session_timeout_ms=consumer_session_timeout_ms(),
    )
    await broker.start()
    return broker


async def publish_raw(bootstrap: str, topic: str, values: list[bytes]) -> None:
    broker = create_broker(bootstrap, client_id="test-producer")
    await broker.start()
    try:
        for value in values:
            await broker.publish(value, topic=topic, key=b"k")
    finally:
        await broker.stop()


async def eventually(predicate: Any, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def envelope_bytes(event: Event) -> bytes:
    return Envelope.wrap(event, producer="test").model_dump_json().encode()


async def test_outbox_relay_publishes_committed_events_only(
    kafka_bootstrap: str, database: Database, unique_name: str
) -> None:
    topic = f"relay-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    broker = create_broker(kafka_bootstrap, client_id="relay-test")
    await broker.start()
    sent: list[tuple[str, bytes]] = []
    publish = broker_publisher(broker)

    async def to_topic(_: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        sent.append((key, value))
        await publish(topic, key, value, headers)

    relay = OutboxRelay(database, to_topic)
    async with UnitOfWork(database, producer="test") as uow:
        uow.raise_event(feedback(1))
        await uow.rollback()  # never committed: must never be published
    async with UnitOfWork(database, producer="test") as uow:
        uow.raise_event(feedback(2))
        await uow.commit()
    assert await relay.publish_pending() == 1
    assert await relay.publish_pending() == 0
    await broker.stop()
    assert [json.loads(v)["payload"]["feedback_id"] for _, v in sent] == ["f2"]


async def test_duplicate_delivery_is_handled_once(
    kafka_bootstrap: str, database: Database, unique_name: str
) -> None:
    topic, group = f"dup-{unique_name}", f"g-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    recorder = Recorder()
    broker = await start_consumer(kafka_bootstrap, database, topic, group, recorder)
    try:
        same = envelope_bytes(feedback(1))
        await publish_raw(kafka_bootstrap, topic, [same, same, envelope_bytes(feedback(2))])
        await eventually(lambda: "f2" in recorder.handled)
        await asyncio.sleep(0.5)
        assert recorder.handled == ["f1", "f2"]
    finally:
        await broker.stop()


async def test_poison_and_malformed_messages_go_to_the_dlq_and_the_consumer_goes_on(
    kafka_bootstrap: str, database: Database, unique_name: str
) -> None:
    topic, group = f"dlq-{unique_name}", f"g-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    recorder = Recorder()
    recorder.poison.add("f2")
    metrics = ServiceMetrics("test")
    broker = await start_consumer(kafka_bootstrap, database, topic, group, recorder, metrics)
    dlq = AIOKafkaConsumer(
        dead_letter(topic),
        bootstrap_servers=kafka_bootstrap,
        group_id=f"dlq-reader-{unique_name}",
        auto_offset_reset="earliest",
    )
    await dlq.start()
    try:
        await publish_raw(
            kafka_bootstrap,
            topic,
            [
                b"{not json",
                envelope_bytes(feedback(2)),
                envelope_bytes(feedback(3)),
            ],
        )
        await eventually(lambda: "f3" in recorder.handled)
        parked = []
        while len(parked) < 2:
            batch = await dlq.getmany(timeout_ms=5000)
            assert batch, "dead-letter messages did not arrive"
            parked += [json.loads(r.value) for records in batch.values() for r in records]
        reasons = sorted(p["reason"] for p in parked)
        assert reasons[0].startswith("PermanentError: this one can never be handled")
        assert reasons[1].startswith("undecodable message")
        assert any(p.get("original") == "{not json" for p in parked)
        assert recorder.handled == ["f3"]
        dead_letters = {"topic": topic}
        assert metrics.registry.get_sample_value("kafka_dead_letters_total", dead_letters) == 2
    finally:
        await dlq.stop()
        await broker.stop()


async def test_events_published_while_the_consumer_is_down_are_handled_when_it_returns(
    kafka_bootstrap: str, database: Database, unique_name: str
) -> None:
    topic, group = f"down-{unique_name}", f"g-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    first = Recorder()
    broker = await start_consumer(kafka_bootstrap, database, topic, group, first)
    await publish_raw(kafka_bootstrap, topic, [envelope_bytes(feedback(1))])
    await eventually(lambda: first.handled == ["f1"])
    await broker.stop()

    await publish_raw(kafka_bootstrap, topic, [envelope_bytes(feedback(n)) for n in (2, 3)])
    second = Recorder()
    broker = await start_consumer(kafka_bootstrap, database, topic, group, second)
    try:
        await eventually(lambda: second.handled == ["f2", "f3"])
    finally:
        await broker.stop()
