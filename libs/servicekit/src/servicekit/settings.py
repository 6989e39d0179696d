"""Settings shared by every service; each service subclasses with its own env prefix."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values every service reads the same way; `<PREFIX>_<NAME>` still wins over these.
_SHARED_ENV = {
    "kafka_bootstrap_servers": "KAFKA_BOOTSTRAP_SERVERS",
    "redis_url": "REDIS_URL",
    "environment": "WHETSTONE_ENV",
    "identity_url": "IDENTITY_URL",
    "jwt_issuer": "JWT_ISSUER",
    "jwt_audience": "JWT_AUDIENCE",
    "log_level": "LOG_LEVEL",
    "data_dir": "WHETSTONE_DATA_DIR",
    "kafka_session_timeout_ms": "KAFKA_SESSION_TIMEOUT_MS",
    "kafka_topic_replication_factor": "KAFKA_TOPIC_REPLICATION_FACTOR",
    "kafka_security_protocol": "KAFKA_SECURITY_PROTOCOL",
    "kafka_sasl_mechanism": "KAFKA_SASL_MECHANISM",
    "kafka_sasl_username": "KAFKA_SASL_USERNAME",
    "kafka_sasl_password": "KAFKA_SASL_PASSWORD",
    "kafka_ssl_cafile": "KAFKA_SSL_CAFILE",
    "kafka_ssl_certfile": "KAFKA_SSL_CERTFILE",
    "kafka_ssl_keyfile": "KAFKA_SSL_KEYFILE",
}


@dataclass(frozen=True)
class Refusal:
    """A value of one setting that production must not run with."""

    field: str
    unsafe: Callable[[Any], bool]
    reason: str


def replica_name() -> str:
    """New on every start, so a restarted process never mistakes a dead one's leases for its own."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


class ServiceSettings(BaseSettings):
    """Base settings; subclasses set `service_name`, `default_port` and the env prefix."""

    # Settings errors are logged: never echo the values, which may hold passwords.
    model_config = SettingsConfigDict(extra="ignore", env_file=None, hide_input_in_errors=True)

    service_name: ClassVar[str]
    default_port: ClassVar[int]
    uses_database: ClassVar[bool] = True
    # Keys and revocations from identity's topics instead of its JWKS and Redis: for a service
    # whose network policy lets it reach only the broker and its database (servicekit.trust).
    trust_from_broker: ClassVar[bool] = False
    # What a service refuses in production besides the shared rules (see `unsafe_in_production`).
    production_refusals: ClassVar[tuple[Refusal, ...]] = ()

    environment: Literal["local", "test", "production"] = "local"
    host: str = "127.0.0.1"
    port: int = 0
    log_level: str = "INFO"
    data_dir: Path = Path("data")
    database_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu lets a consumer join after half of this; Kafka brokers require >= 6000 by default.
    kafka_session_timeout_ms: int = Field(default=10_000, ge=500)
    # For topics a service creates when missing: the cluster's (Strimzi's KafkaTopic) value, so
    # a service that starts before the topic operator does not make under-replicated topics.
    kafka_topic_replication_factor: int = Field(default=1, ge=1, le=7)
    # How clients reach a secured broker (Strimzi's TLS listener, SCRAM users): see messaging.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str = Field(default="", max_length=256)
    kafka_sasl_password: SecretStr | None = None
    # PEM files; without a CA file the system's trust store is used.
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None  # mutual TLS (Strimzi `tls` users)
    kafka_ssl_keyfile: Path | None = None
    redis_url: str | None = None
    identity_url: str = "http://127.0.0.1:8001"
    jwt_issuer: str = "whetstone-identity"
    jwt_audience: str = "whetstone"
    jwks_refresh_seconds: float = Field(default=300.0, gt=0)
    # With trust_from_broker: requests are refused (503) once identity's revocations were last
    # read longer ago than this, as they are when Redis is away.
    trust_max_staleness_seconds: float = Field(default=30.0, gt=0, le=3600)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    # Below the producer's 1 MiB request limit; a larger event is refused before it is stored.
    outbox_max_event_bytes: int = Field(default=900 * 1024, gt=0, le=1024 * 1024)
    outbox_max_attempts: int = Field(default=10, ge=1)
    consumer_group: str = ""
    # How often consumer lag is sampled: one offsets request per member and one per partition.
    lag_sample_seconds: float = Field(default=10.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _shared_env(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for field, var in _SHARED_ENV.items():
                if field not in data and var in os.environ:
                    data[field] = os.environ[var]
        return data

    @model_validator(mode="after")
    def _defaults(self) -> ServiceSettings:
        if not self.port:
            self.port = self.default_port
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / self.service_name}.db"
        if not self.consumer_group:
            self.consumer_group = self.service_name
        return self

    @model_validator(mode="after")
    def _kafka_security(self) -> ServiceSettings:
        if self.kafka_security_protocol.startswith("SASL_") and not (
            self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set for "
                f"KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol}"
            )
        if (self.kafka_ssl_certfile is None) != (self.kafka_ssl_keyfile is None):
            raise ValueError("KAFKA_SSL_CERTFILE and KAFKA_SSL_KEYFILE go together")
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.environment == "production" and (problems := unsafe_in_production(self)):
            raise ValueError("refused in production: " + "; ".join(problems))
        return self

    @property
    def is_local(self) -> bool:
        return self.environment in ("local", "test")

    @property
    def jwks_url(self) -> str:
        return f"{self.identity_url.rstrip('/')}/api/v1/auth/jwks"


def _shared_refusals(settings: ServiceSettings) -> list[Refusal]:
    rules: list[Refusal] = []
    if not settings.trust_from_broker:
        rules.append(
            Refusal(
                "redis_url",
                lambda url: url is None,
                "must be set: rate limits, login throttling and revocations are shared through "
                "Redis",
            )
        )
    if settings.uses_database:
        rules.append(
            Refusal("database_url", _is_sqlite, "must be PostgreSQL: SQLite is for local mode")
        )
    # A secret left at its declared default is a development value, never a production one.
    for name, info in type(settings).model_fields.items():
        if isinstance(info.default, SecretStr):
            rules.append(Refusal(name, info.default.__eq__, "must be set"))
    return rules


def env_var(settings: ServiceSettings, field: str) -> str:
    """The environment variable an operator sets for `field`."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    return _SHARED_ENV.get(field, f"{prefix}{field}".upper())


def unsafe_in_production(settings: ServiceSettings) -> list[str]:
    """Every shared and service-declared rule the settings break, naming the variable to fix."""
    rules = [*_shared_refusals(settings), *settings.production_refusals]
    return [
        f"{env_var(settings, rule.field)} {rule.reason}"
        for rule in rules
        if rule.unsafe(getattr(settings, rule.field))
    ]
