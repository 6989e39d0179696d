"""The whole-topic reader on a fake consumer: the broker's TLS and SASL reach it, and a broker
that is away is retried in the background."""

from __future__ import annotations

import asyncio
from typing import Any

import certifi
import pytest
from aiokafka.errors import KafkaConnectionError

from servicekit import topicreader as reader_module
from servicekit.messaging import broker_security
from servicekit.settings import ServiceSettings
from servicekit.topicreader import TopicReader


class UnreachableConsumer:
    """Records how each consumer was built; every start fails as with the broker down."""

    built: list[dict[str, Any]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.built.append(kwargs)

    async def start(self) -> None:
        raise KafkaConnectionError("Unable to bootstrap from [('k1', 9093)]")

    async def stop(self) -> None:
        return None


@pytest.fixture
def consumers(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    monkeypatch.setattr(reader_module, "AIOKafkaConsumer", UnreachableConsumer)
    monkeypatch.setattr(reader_module, "RETRY_SECONDS", 0.001)
    UnreachableConsumer.built = []
    return UnreachableConsumer.built


class ExampleSettings(ServiceSettings):
    service_name = "example"
    default_port = 8999


def ignore(record: object) -> None:
    raise AssertionError("no record comes from an unreachable broker")


async def until_built(consumers: list[dict[str, Any]], count: int) -> None:
    async with asyncio.timeout(5):
        while len(consumers) < count:
            await asyncio.sleep(0.01)


async def test_the_reader_uses_the_brokers_tls_and_sasl(
    consumers: list[dict[str, Any]],
) -> None:
    settings = ExampleSettings(
        kafka_bootstrap_servers="k1:9093",
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="evaluation",
        kafka_sasl_password="s3cret",
        kafka_ssl_cafile=certifi.where(),
    )
    reader = TopicReader(
        settings.kafka_bootstrap_servers,
        ["some.topic.v1"],
        ignore,
        from_beginning=True,
        client_id="test",
        security=broker_security(settings),
    )
    task = asyncio.create_task(reader.run())
    try:
        await until_built(consumers, 1)
    finally:
        task.cancel()
    options = consumers[0]
    assert options["bootstrap_servers"] == ["k1:9093"]
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "evaluation",
        "s3cret",
    )
    assert options["ssl_context"] is not None


async def test_a_broker_away_at_start_is_retried_in_the_background(
    consumers: list[dict[str, Any]],
) -> None:
    reader = TopicReader(
        "k1:9092", ["some.topic.v1"], ignore, from_beginning=False, client_id="test"
    )
    task = asyncio.create_task(reader.run())
    try:
        await until_built(consumers, 3)  # failed starts, each followed by another try
        assert not task.done()
        assert not reader.assigned.is_set()
        assert "security_protocol" not in consumers[0]  # PLAINTEXT adds nothing
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
