"""Consumer lag asked of the real broker: end offsets and the group's committed offsets."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from servicekit.messaging import ensure_topics
from servicekit.samplers import consumer_lag

pytestmark = pytest.mark.integration


async def test_lag_counts_what_the_group_has_not_committed(
    kafka_bootstrap: str, unique_name: str, session_timeout_ms: int
) -> None:
    topic = f"lag-{unique_name}"
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for n in range(5):
            await producer.send_and_wait(topic, f"m{n}".encode(), partition=0)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"lag-group-{unique_name}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(100, session_timeout_ms // 3),
    )
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not consumer.assignment():
            assert loop.time() < deadline, "the group never assigned the partition"
            await consumer.getmany(timeout_ms=200)
        assert await consumer_lag(consumer) == {(topic, 0): 5}  # nothing committed yet

        await consumer.commit({partition: 2})
        assert await consumer_lag(consumer) == {(topic, 0): 3}
    finally:
        await consumer.stop()
