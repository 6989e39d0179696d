"""Reads every partition of some topics in this process, in no consumer group.

For state every process must hold whole (the gateway's socket fan-out, evaluation's copy of
identity's keys and revocations): the reader assigns itself every partition, starts at their
beginning or their end, commits nothing and is restarted when it fails. `synced_at` says how
fresh what it has read is: the time of the latest end offsets it has caught up with.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from faststream.security import BaseSecurity

from servicekit.messaging import client_security

logger = logging.getLogger(__name__)
# Tansu answers an empty fetch only when the wait runs out (field notes): keep it short.
FETCH_MAX_WAIT_MS = 20
MAX_RECORDS = 500
RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 15.0
PARTITION_CHECK_SECONDS = 5.0
SYNC_CHECK_SECONDS = 2.0
END_OFFSETS_TIMEOUT_SECONDS = 10.0

OnRecord = Callable[[ConsumerRecord[bytes, bytes]], None]


class TopicReader:
    """One consumer over every partition of `topics`, restarted when it fails."""

    def __init__(
        self,
        bootstrap_servers: str,
        topics: Sequence[str],
        on_record: OnRecord,
        *,
        from_beginning: bool,
        client_id: str,
        security: BaseSecurity | None = None,
    ):
        self._bootstrap = bootstrap_servers.split(",")
        self._security = security  # the same TLS and SASL as every other client of the broker
        self._topics = tuple(topics)
        self._on_record = on_record
        self._from_beginning = from_beginning
        self._client_id = client_id
        self.assigned = asyncio.Event()  # set while positioned on every partition
        self.synced = asyncio.Event()  # set, then replaced, whenever `synced_at` moves
        self.synced_at: float | None = None  # loop time of the end offsets last caught up with

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
                client_id=self._client_id,
            )
            try:
                await consumer.start()
                failures = 0
                await self._read(consumer)
            except (KafkaError, OSError, TimeoutError) as exc:
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    logger.warning(
                        "topic reader failed; retrying",
                        extra={"topics": self._topics, "error": str(exc), "failures": failures},
                    )
            finally:
                self.assigned.clear()
                await consumer.stop()
            await asyncio.sleep(min(RETRY_SECONDS * 2 ** min(failures, 5), MAX_RETRY_SECONDS))

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        partitions = await self._partitions(consumer)
        consumer.assign(partitions)
        if self._from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)  # resolve the start now, not at the first fetch
        self.assigned.set()
        loop = asyncio.get_running_loop()
        checked = synced = -SYNC_CHECK_SECONDS
        target: tuple[float, dict[TopicPartition, int]] | None = None
        while True:
            if target is None and loop.time() - synced >= SYNC_CHECK_SECONDS:
                asked = loop.time()
                async with asyncio.timeout(END_OFFSETS_TIMEOUT_SECONDS):
                    target = (asked, await consumer.end_offsets(partitions))
            batches = await consumer.getmany(timeout_ms=500, max_records=MAX_RECORDS)
            for records in batches.values():
                for record in records:
                    self._on_record(record)
            if target is not None and await _reached(consumer, target[1]):
                synced, target = target[0], None
                self._mark_synced(synced)
            if loop.time() - checked > PARTITION_CHECK_SECONDS:
                checked = loop.time()
                if set(await self._partitions(consumer)) != set(partitions):
                    return  # partitions were added, or a topic was re-created: start over

    def _mark_synced(self, at: float) -> None:
        self.synced_at = at
        self.synced.set()
        self.synced = asyncio.Event()

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        while True:
            await consumer.topics()  # fetches fresh metadata
            found = [
                TopicPartition(topic, number)
                for topic in self._topics
                for number in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            if {partition.topic for partition in found} == set(self._topics):
                return found
            await asyncio.sleep(RETRY_SECONDS)  # the producers create them; wait for them


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return False
    return True
