"""Connecting to the broker in the background, on fakes: retried with a capped backoff, logged
rarely, cleaned up after a failed start, and publishing before it is done is "broker away"."""

from __future__ import annotations

import asyncio
import logging
from typing import cast

import pytest
from aiokafka.errors import KafkaConnectionError
from faststream.kafka import KafkaBroker

from servicekit.connector import BrokerConnector, retry_until_done
from servicekit.errors import BrokerUnavailable
from servicekit.messaging import TopicKeeper, broker_publisher, create_broker


class Flaky:
    """Fails its first `failures` calls, as a broker that is not up yet."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise KafkaConnectionError("Unable to bootstrap")


async def test_an_attempt_is_retried_until_it_succeeds_and_logged_rarely(
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempt = Flaky(failures=6)
    with caplog.at_level(logging.WARNING, logger="servicekit.connector"):
        failed = await retry_until_done(
            attempt, what="the broker", first_seconds=0.001, max_seconds=0.004
        )
    assert (failed, attempt.calls) == (6, 7)
    assert len(caplog.records) == 1  # the first failure; the others within LOG_EVERY_SECONDS
    assert caplog.records[0].failures == 1  # type: ignore[attr-defined]


async def test_the_wait_between_tries_doubles_up_to_its_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", no_sleep)
    await retry_until_done(Flaky(failures=8), what="the broker")
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


class FakeBroker:
    def __init__(self, start_failures: int = 0) -> None:
        self.running = False
        self.start_failures = start_failures
        self.starts = self.stops = 0

    async def start(self) -> None:
        self.starts += 1
        if self.starts <= self.start_failures:
            raise KafkaConnectionError("the broker went away during the start")
        self.running = True

    async def stop(self) -> None:
        self.stops += 1
        self.running = False

    async def ping(self, timeout: float) -> bool:
        return self.running


class FakeKeeper:
    """Creates the topics once the broker answers, after `failures` tries."""

    def __init__(self, failures: int = 0) -> None:
        self.answers = Flaky(failures)

    async def ensure(self, *, attempts: int = 30) -> list[str]:
        await self.answers()
        return []


def connector(broker: FakeBroker, keeper: FakeKeeper) -> BrokerConnector:
    return BrokerConnector(
        cast(KafkaBroker, broker),
        cast(TopicKeeper, keeper),
        first_retry_seconds=0.001,
        max_retry_seconds=0.001,
    )


async def test_the_broker_starts_only_once_its_topics_are_there() -> None:
    broker, keeper = FakeBroker(), FakeKeeper(failures=3)
    connecting = connector(broker, keeper)
    with pytest.raises(ConnectionError, match="not connected"):
        await connecting.check()
    await connecting.connect()
    assert (keeper.answers.calls, broker.starts) == (4, 1)
    await connecting.check()  # up
    await connecting.stop()
    assert broker.stops == 1


async def test_a_failed_start_is_cleaned_up_before_the_next_try() -> None:
    broker = FakeBroker(start_failures=2)
    connecting = connector(broker, FakeKeeper())
    await connecting.connect()
    assert (broker.starts, broker.stops, broker.running) == (3, 2, True)


async def test_a_stop_before_any_start_leaves_the_broker_alone() -> None:
    broker = FakeBroker()
    await connector(broker, FakeKeeper()).stop()
    assert broker.stops == 0


async def test_publishing_before_the_broker_started_is_broker_away() -> None:
    publish = broker_publisher(create_broker("127.0.0.1:9", client_id="never-started"))
    with pytest.raises(BrokerUnavailable) as raised:
        await publish("topic", "key", b"{}", {})
    assert (raised.value.status, raised.value.code) == (503, "BROKER_UNAVAILABLE")
