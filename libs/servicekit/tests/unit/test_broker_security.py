"""The broker's TLS and SASL settings reach FastStream's broker and aiokafka's own clients."""

from __future__ import annotations

import ssl
from typing import Any

import certifi
import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from servicekit.messaging import broker_security, client_security, create_broker
from servicekit.settings import ServiceSettings


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMPLE_", extra="ignore")
    service_name = "example"
    default_port = 8100


def test_plaintext_is_the_default_and_adds_nothing() -> None:
    settings = ExampleSettings()
    assert broker_security(settings) is None
    assert client_security(None) == {}


def test_scram_over_tls_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "practice")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", certifi.where())
    kwargs = client_security(broker_security(ExampleSettings()))
    assert kwargs["security_protocol"] == "SASL_SSL"
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("practice", "s3cret")
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)
    assert kwargs["ssl_context"].verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("mechanism", "expected"),
    [("PLAIN", "PLAIN"), ("SCRAM-SHA-256", "SCRAM-SHA-256"), ("SCRAM-SHA-512", "SCRAM-SHA-512")],
)
def test_sasl_without_tls(mechanism: str, expected: str) -> None:
    settings = ExampleSettings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_mechanism=mechanism,
        kafka_sasl_username="u",
        kafka_sasl_password="p",
    )
    kwargs = client_security(broker_security(settings))
    assert kwargs["security_protocol"] == "SASL_PLAINTEXT"
    assert kwargs["sasl_mechanism"] == expected
    assert "ssl_context" not in kwargs


def test_tls_only() -> None:
    settings = ExampleSettings(kafka_security_protocol="SSL", kafka_ssl_cafile=certifi.where())
    kwargs = client_security(broker_security(settings))
    assert kwargs["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in kwargs


@pytest.mark.parametrize(
    "values",
    [
        {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "u"},
        {"kafka_security_protocol": "SASL_PLAINTEXT", "kafka_sasl_password": "p"},
        {"kafka_security_protocol": "SSL", "kafka_ssl_certfile": "/tls/user.crt"},
    ],
)
def test_incomplete_security_is_refused(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ExampleSettings(**values)


def test_the_broker_gets_the_security_and_acks_all() -> None:
    settings = ExampleSettings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="u",
        kafka_sasl_password="p",
    )
    broker = create_broker(
        "k1:9092,k2:9092", client_id="example", security=broker_security(settings)
    )
    options: dict[str, Any] = broker._connection_kwargs  # what aiokafka's clients are built with
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_plain_username"] == "u"
    assert options["bootstrap_servers"] == ["k1:9092", "k2:9092"]
    assert options["acks"] == "all"


def test_topics_a_service_creates_take_the_clusters_replication(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ExampleSettings().kafka_topic_replication_factor == 1
    monkeypatch.setenv("KAFKA_TOPIC_REPLICATION_FACTOR", "3")
    assert ExampleSettings().kafka_topic_replication_factor == 3
