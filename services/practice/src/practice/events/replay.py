"""Reading practice's input topics from the beginning to their current end, in order."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.security import BaseSecurity

from contracts import Envelope, topics
from servicekit.messaging import client_security

READ_MODEL_TOPICS = (topics.CONTENT_CATALOG, topics.IDENTITY_USERS)
READ_TIMEOUT_MS = 5_000


async def read_topics(
    bootstrap_servers: str, names: tuple[str, ...], *, security: BaseSecurity | None = None
) -> list[Envelope]:
    """Every envelope now on `names`, each partition in its order (no consumer group)."""
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers.split(","),
        **client_security(security),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await reader.start()
    found: list[Envelope] = []
    try:
        await reader.topics()  # metadata of every topic, not only assigned ones
        partitions = [
            TopicPartition(name, partition)
            for name in names
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
                raise TimeoutError("the broker stopped answering before the topics' end")
            for tp, records in batch.items():
                found += [Envelope.model_validate_json(r.value) for r in records if r.value]
                if records[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await reader.stop()
    return found
