"""Gauges read from outside the process: consumer lag (in the background) and the outbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from aiokafka import TopicPartition

from servicekit.metrics import ServiceMetrics
from servicekit.outbox import OutboxRelay, utcnow

logger = logging.getLogger(__name__)


class LagSource(Protocol):
    """What lag needs of a group member (aiokafka's `AIOKafkaConsumer` has it)."""

    def assignment(self) -> set[TopicPartition]: ...

    async def end_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]: ...

    async def beginning_offsets(
        self, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, int]: ...

    async def committed(self, partition: TopicPartition) -> int | None: ...


async def consumer_lag(consumer: LagSource) -> dict[tuple[str, int], int]:
    """End offset minus committed offset for each partition the consumer holds.

    The end offset is asked of the broker, not taken from the last fetch: a consumer that
    stopped fetching (evaluation's backpressure) is exactly the one whose lag grows.
    A partition the group never committed counts from its start (`auto_offset_reset` is
    earliest).
    """
    partitions = sorted(consumer.assignment())
    if not partitions:
        return {}
    ends = await consumer.end_offsets(partitions)
    committed = {tp: await consumer.committed(tp) for tp in partitions}
    never = [tp for tp, offset in committed.items() if offset is None]
    starts = await consumer.beginning_offsets(never) if never else {}
    lags: dict[tuple[str, int], int] = {}
    for tp in partitions:
        done = committed[tp]
        if done is None:
            done = starts.get(tp)
        if tp in ends and done is not None:
            lags[(tp.topic, tp.partition)] = max(0, ends[tp] - done)
    return lags


async def sample_lag(metrics: ServiceMetrics, group: str, consumers: Iterable[LagSource]) -> None:
    lags: dict[tuple[str, int], int] = {}
    for consumer in consumers:
        lags.update(await consumer_lag(consumer))
    metrics.observe_lag(group, lags)


async def sample_outbox(metrics: ServiceMetrics, relay: OutboxRelay) -> None:
    stats = await relay.stats()
    metrics.observe_outbox(
        backlog=stats.backlog,
        dead_letters=stats.dead_letters,
        oldest_age_seconds=stats.oldest_age_seconds(utcnow()),
    )


async def run_every(seconds: float, sample: Callable[[], Awaitable[None]], *, what: str) -> None:
    """Sample until cancelled; a failed sample (broker or database away) keeps the last values."""
    while True:
        try:
            async with asyncio.timeout(seconds):
                await sample()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.debug("could not sample %s", what, extra={"error": str(exc)})
        await asyncio.sleep(seconds)
