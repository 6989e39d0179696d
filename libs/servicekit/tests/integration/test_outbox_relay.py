"""The outbox never wedges: bounded events, per-row failure accounting, no lock held on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError
from sqlmodel import SQLModel, col, select

from contracts import Envelope, Event
from contracts.coach import FeedbackReady
from servicekit.db import Database, UnitOfWork
from servicekit.errors import BrokerUnavailable
from servicekit.inbox import Delivery, IdempotentConsumer
from servicekit.leases import AdvisoryLease
from servicekit.messaging import broker_publisher, create_broker, ensure_topics
from servicekit.outbox import DEFAULT_MAX_EVENT_BYTES, EventTooLarge, OutboxMessage, OutboxRelay
from servicekit.testing.infra import terminate_advisory_holders

pytestmark = pytest.mark.integration


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    db = Database(sqlite_url)
    async with db.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    yield db
    await db.dispose()


def feedback(name: str, *, key: str = "k1") -> FeedbackReady:
    """An event named `name` whose aggregate key (its target) is `key`."""
    return FeedbackReady(feedback_id=name, user_id="u1", target_type="attempt", target_id=key)


def huge_feedback(name: str) -> FeedbackReady:
    # One emoji is 12 bytes once JSON-escaped: 80 000 of them are about 0.9 MiB.
    return FeedbackReady.model_construct(
        feedback_id=name, user_id="😀" * 80_000, target_type="attempt", target_id=name
    )


async def raise_events(database: Database, *events: FeedbackReady) -> None:
    async with UnitOfWork(database, producer="test") as uow:
        for event in events:
            uow.raise_event(event)
        await uow.commit()


async def rows(database: Database) -> dict[str, OutboxMessage]:
    async with database.session() as session:
        found = (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
    return {row.envelope["payload"]["feedback_id"]: row for row in found}


class FakeBroker:
    """Records what was published; fails the rows it is told to, as the broker would."""

    def __init__(self) -> None:
        self.published: list[str] = []
        self.failing: dict[str, Exception] = {}

    async def __call__(self, topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        name = json.loads(value)["payload"]["feedback_id"]
        if name in self.failing:
            raise self.failing[name]
        self.published.append(name)


async def test_an_event_over_the_size_limit_is_refused_before_it_is_written(
    database: Database,
) -> None:
    async with UnitOfWork(database, producer="test") as uow:
        uow.raise_event(feedback("small"))
        with pytest.raises(EventTooLarge) as refused:
            uow.raise_event(huge_feedback("big"))
        await uow.commit()
    assert refused.value.status == 413
    assert refused.value.code == "PAYLOAD_TOO_LARGE"
    assert str(DEFAULT_MAX_EVENT_BYTES) in refused.value.detail
    assert list(await rows(database)) == ["small"]


async def test_an_oversized_row_is_parked_and_a_later_row_of_another_key_is_published(
    kafka_bootstrap: str, database: Database, unique_name: str
) -> None:
    topic = f"wedge-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    async with UnitOfWork(database, producer="test") as uow:  # as written before the size check
        envelope = Envelope.wrap(huge_feedback("big"), producer="test")
        uow.session.add(
            OutboxMessage(
                event_id=str(envelope.event_id),
                topic=topic,
                key=envelope.key,
                event_type=envelope.event_type,
                envelope=envelope.model_dump(mode="json")
                | {"payload": {"feedback_id": "big", "pad": "😀" * 90_000}},
            )
        )
        small = Envelope.wrap(feedback("small", key="k2"), producer="test")
        uow.session.add(
            OutboxMessage(
                event_id=str(small.event_id),
                topic=topic,
                key=small.key,
                event_type=small.event_type,
                envelope=small.model_dump(mode="json"),
            )
        )
        await uow.commit()
    broker = create_broker(kafka_bootstrap, client_id="wedge-test")
    await broker.start()
    reader = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"r-{unique_name}",
        auto_offset_reset="earliest",
    )
    await reader.start()
    try:
        relay = OutboxRelay(database, broker_publisher(broker))
        assert await relay.publish_pending() == 2
        assert await relay.backlog() == 0
        assert await relay.dead_letters() == 1
        batch = await reader.getmany(timeout_ms=10_000)
        received = [json.loads(r.value)["key"] for records in batch.values() for r in records]
        assert received == [small.key]
    finally:
        await reader.stop()
        await broker.stop()
    parked = (await rows(database))["big"]
    assert parked.dead_lettered_at is not None
    assert parked.published_at is None
    assert parked.attempts == 1
    assert parked.last_error is not None
    assert parked.last_error.startswith("MessageSizeTooLargeError")


async def test_a_failing_row_holds_back_its_own_key_until_it_is_parked(
    database: Database,
) -> None:
    fake = FakeBroker()
    fake.failing["a1"] = RuntimeError("rejected")
    await raise_events(database, feedback("a1"), feedback("b1", key="k2"), feedback("a2"))
    relay = OutboxRelay(database, fake, max_attempts=3, backoff_seconds=0)
    for _ in range(3):
        await relay.publish_pending()
        assert "a2" not in fake.published  # never before the row ahead of it
    await relay.publish_pending()
    assert fake.published == ["b1", "a2"]
    parked = (await rows(database))["a1"]
    assert parked.attempts == 3
    assert parked.dead_lettered_at is not None
    assert parked.last_error == "RuntimeError: rejected"


async def test_a_row_waiting_to_retry_holds_back_only_its_key(database: Database) -> None:
    fake = FakeBroker()
    fake.failing["a1"] = RuntimeError("rejected")
    await raise_events(database, feedback("a1"), feedback("a2"))
    relay = OutboxRelay(database, fake, backoff_seconds=3600)
    assert await relay.publish_pending() == 2
    await raise_events(database, feedback("b1", key="k2"))
    assert await relay.publish_pending() == 1  # b1 only: a1 waits, a2 waits behind it
    assert fake.published == ["b1"]
    waiting = await rows(database)
    assert waiting["a1"].next_attempt_at is not None
    assert waiting["a1"].dead_lettered_at is None
    assert waiting["a2"].attempts == 0


async def test_a_broker_outage_never_counts_against_a_row_nor_stops_other_keys(
    database: Database,
) -> None:
    fake = FakeBroker()
    fake.failing["a1"] = KafkaConnectionError("broker away")
    await raise_events(database, feedback("a1"), feedback("b1", key="k2"))
    relay = OutboxRelay(database, fake, max_attempts=1)
    with pytest.raises(KafkaConnectionError):
        await relay.publish_pending()  # the pass stops: the broker is away for every row
    assert fake.published == []
    row = (await rows(database))["a1"]
    assert (row.attempts, row.dead_lettered_at) == (0, None)
    assert row.last_error == "KafkaConnectionError: KafkaConnectionError: broker away"
    assert await relay.publish_pending() == 1  # a1 always timing out must not hold b1 back
    assert fake.published == ["b1"]


async def test_a_broker_not_connected_yet_counts_against_no_row_and_costs_no_wait(
    database: Database,
) -> None:
    publish = broker_publisher(create_broker("127.0.0.1:9", client_id="never-started"))
    await raise_events(database, feedback("a1"))
    relay = OutboxRelay(database, publish, max_attempts=1)
    for _ in range(3):  # due again on every pass, never parked
        with pytest.raises(BrokerUnavailable):
            await relay.publish_pending()
    row = (await rows(database))["a1"]
    assert (row.attempts, row.published_at, row.dead_lettered_at) == (0, None, None)
    assert (row.last_error or "").startswith("BrokerUnavailable")


async def test_on_sqlite_other_transactions_commit_while_the_relay_waits_for_the_broker(
    database: Database,
) -> None:
    publishing, release = asyncio.Event(), asyncio.Event()

    async def slow_broker(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        publishing.set()
        await release.wait()

    await raise_events(database, feedback("first"))
    relay = OutboxRelay(database, slow_broker)
    pass_task = asyncio.create_task(relay.publish_pending())
    await publishing.wait()
    try:
        await raise_events(database, feedback("meanwhile"))  # would wait for the write lock
        assert not pass_task.done()
    finally:
        release.set()
    assert await pass_task == 1
    written = await rows(database)
    assert written["first"].published_at is not None
    assert written["meanwhile"].published_at is None


@pytest.fixture
async def postgres(postgres_url: str) -> AsyncIterator[Database]:
    db = Database(postgres_url)
    async with db.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    yield db
    await db.dispose()


async def test_on_postgresql_only_the_lease_holder_publishes_and_writers_go_on(
    postgres: Database,
) -> None:
    publishing, release = asyncio.Event(), asyncio.Event()
    seen: list[str] = []

    async def slow_broker(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        seen.append(json.loads(value)["payload"]["feedback_id"])
        publishing.set()
        await release.wait()

    holder, other = OutboxRelay(postgres, slow_broker), OutboxRelay(postgres, slow_broker)
    try:
        await raise_events(postgres, feedback("first"))
        first = asyncio.create_task(holder.publish_pending())
        await publishing.wait()
        try:
            await raise_events(postgres, feedback("meanwhile", key="k2"))
            assert await other.publish_pending() == 0  # not its turn
        finally:
            release.set()
        assert await first == 1
        assert await other.publish_pending() == 0  # still not: the holder keeps its lease
        await holder.close()
        assert await other.publish_pending() == 1  # handed over on close
        assert seen == ["first", "meanwhile"]
    finally:
        await holder.close()
        await other.close()


class Recorder:
    """One relay's broker: records (key, event) and can be made to hang mid-publish."""

    def __init__(self) -> None:
        self.published: list[tuple[str, str]] = []
        self.gate: asyncio.Event | None = None
        self.entered = asyncio.Event()

    async def __call__(self, topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        if self.gate is not None:
            self.entered.set()
            await self.gate.wait()
        self.published.append((key, json.loads(value)["payload"]["feedback_id"]))

    def of_key(self, key: str) -> list[str]:
        return [name for k, name in self.published if k == key]


async def eventually(condition: Callable[[], bool], within: float = 15) -> None:
    async with asyncio.timeout(within):
        while not condition():
            await asyncio.sleep(0.02)


async def test_two_running_relays_publish_once_in_key_order_and_the_other_takes_over_on_death(
    postgres: Database, postgres_url: str
) -> None:
    brokers = [Recorder(), Recorder()]
    relays = [
        OutboxRelay(
            postgres,
            broker,
            poll_seconds=0.05,
            lease=AdvisoryLease(postgres_url, "test.outbox-relay"),
            lease_retry_seconds=0.05,
        )
        for broker in brokers
    ]
    tasks = [asyncio.create_task(relay.run()) for relay in relays]
    try:
        for n in range(12):
            await raise_events(postgres, feedback(f"e{n}", key=f"k{n % 2}"))
        await eventually(lambda: sum(len(b.published) for b in brokers) >= 12)
        holder, other = (0, 1) if brokers[0].published else (1, 0)
        assert brokers[other].published == []  # one relay published all of it, once
        assert brokers[holder].of_key("k0") == [f"e{n}" for n in range(0, 12, 2)]
        assert brokers[holder].of_key("k1") == [f"e{n}" for n in range(1, 12, 2)]

        # The holder hangs mid-publish and its lease connection dies, as with a crashed pod.
        brokers[holder].gate = asyncio.Event()
        await raise_events(postgres, feedback("stuck", key="k0"))
        await brokers[holder].entered.wait()
        assert await terminate_advisory_holders(postgres_url) == 1
        await eventually(lambda: brokers[other].of_key("k0") == ["stuck"])
        await raise_events(postgres, feedback("after0", key="k0"), feedback("after1", key="k1"))
        await eventually(lambda: len(brokers[other].published) == 3)
        assert brokers[other].of_key("k0") == ["stuck", "after0"]  # order kept across the move
        assert brokers[other].of_key("k1") == ["after1"]

        brokers[holder].gate.set()  # the old holder wakes up: it finishes its one in-flight row
        await asyncio.sleep(0.5)
        assert brokers[holder].published[12:] == [("k0", "stuck")]  # at least once, never more
        assert not relays[holder].lease.held
        await raise_events(postgres, feedback("last", key="k1"))
        await eventually(lambda: brokers[other].of_key("k1") == ["after1", "last"])
        assert len(brokers[holder].published) == 13
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def test_a_consumer_whose_handler_raises_a_too_large_event_dead_letters_it_at_once(
    database: Database,
) -> None:
    parked: list[tuple[str, dict[str, str]]] = []
    calls = 0

    async def dlq(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        parked.append((topic, headers))

    async def handler(uow: UnitOfWork, event: Event, envelope: Envelope) -> None:
        nonlocal calls
        calls += 1
        uow.raise_event(huge_feedback("echo"))

    consumer = IdempotentConsumer(
        database,
        name="kit",
        unit_of_work=lambda: UnitOfWork(database, producer="test"),
        publish=dlq,
        backoff_seconds=0,
    )
    value = Envelope.wrap(feedback("in"), producer="test").model_dump_json().encode()
    await consumer.deliver(Delivery("t", value, {}), handler)
    assert calls == 1  # never retried
    assert [(topic, headers["dlq_reason"][:13]) for topic, headers in parked] == [
        ("t.dlq", "EventTooLarge")
    ]
    assert list(await rows(database)) == []
