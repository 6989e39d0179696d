"""The metrics every service exports: default collectors, consumer lag, dead letters."""

from __future__ import annotations

from aiokafka import TopicPartition

from servicekit.metrics import ServiceMetrics
from servicekit.samplers import consumer_lag, sample_lag


def sample(metrics: ServiceMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_the_registry_has_the_process_gc_and_platform_collectors() -> None:
    metrics = ServiceMetrics("practice")
    text = metrics.render().decode()
    assert "process_cpu_seconds_total" in text
    assert "process_resident_memory_bytes" in text
    assert "python_gc_collections_total" in text
    assert "python_info{" in text


class FakeMember:
    """A group member holding partitions, as aiokafka's consumer reports them."""

    def __init__(
        self,
        ends: dict[TopicPartition, int],
        committed: dict[TopicPartition, int | None],
        starts: dict[TopicPartition, int] | None = None,
    ) -> None:
        self._ends, self._committed, self._starts = ends, committed, starts or {}
        self.asked_starts: list[TopicPartition] = []

    def assignment(self) -> set[TopicPartition]:
        return set(self._committed)

    async def end_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: self._ends[tp] for tp in partitions}

    async def beginning_offsets(
        self, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, int]:
        self.asked_starts.extend(partitions)
        return {tp: self._starts[tp] for tp in partitions}

    async def committed(self, partition: TopicPartition) -> int | None:
        return self._committed[partition]


async def test_lag_is_the_end_offset_minus_the_committed_offset_per_partition() -> None:
    p0, p1 = TopicPartition("t", 0), TopicPartition("t", 1)
    member = FakeMember(ends={p0: 120, p1: 7}, committed={p0: 100, p1: 7})
    assert await consumer_lag(member) == {("t", 0): 20, ("t", 1): 0}
    assert member.asked_starts == []  # both committed: no extra request


async def test_a_partition_never_committed_counts_from_its_start() -> None:
    p0 = TopicPartition("t", 0)
    member = FakeMember(ends={p0: 50}, committed={p0: None}, starts={p0: 10})
    assert await consumer_lag(member) == {("t", 0): 40}


async def test_a_member_with_no_partitions_has_no_lag() -> None:
    assert await consumer_lag(FakeMember(ends={}, committed={})) == {}


async def test_the_gauge_follows_the_partitions_the_group_holds() -> None:
    metrics = ServiceMetrics("evaluation")
    a0, a1, b0 = TopicPartition("a", 0), TopicPartition("a", 1), TopicPartition("b", 0)
    first = FakeMember(ends={a0: 5, a1: 9}, committed={a0: 1, a1: 9})
    second = FakeMember(ends={b0: 3}, committed={b0: 0})
    await sample_lag(metrics, "evaluation", [first, second])
    assert sample(metrics, "kafka_consumer_lag", group="evaluation", topic="a", partition="0") == 4
    assert sample(metrics, "kafka_consumer_lag", group="evaluation", topic="a", partition="1") == 0
    assert sample(metrics, "kafka_consumer_lag", group="evaluation", topic="b", partition="0") == 3

    # A rebalance moved a1 to another replica: its series goes, it does not freeze.
    await sample_lag(metrics, "evaluation", [FakeMember(ends={a0: 8}, committed={a0: 1}), second])
    assert sample(metrics, "kafka_consumer_lag", group="evaluation", topic="a", partition="0") == 7
    assert (
        sample(metrics, "kafka_consumer_lag", group="evaluation", topic="a", partition="1") is None
    )
    assert sample(metrics, "kafka_consumer_lag", group="evaluation", topic="b", partition="0") == 3


def test_dead_letters_are_counted_by_their_original_topic() -> None:
    metrics = ServiceMetrics("coach")
    metrics.observe_dead_letter("evaluation.results.v1")
    metrics.observe_dead_letter("evaluation.results.v1")
    assert sample(metrics, "kafka_dead_letters_total", topic="evaluation.results.v1") == 2
