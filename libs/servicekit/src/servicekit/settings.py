"""Settings shared by every service; each service subclasses with its own env prefix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator
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
}


class ServiceSettings(BaseSettings):
    """Base settings; subclasses set `service_name`, `default_port` and the env prefix."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    service_name: ClassVar[str]
    default_port: ClassVar[int]

    environment: Literal["local", "test", "production"] = "local"
    host: str = "127.0.0.1"
    port: int = 0
    log_level: str = "INFO"
    data_dir: Path = Path("data")
    database_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu lets a consumer join after half of this; Kafka brokers require >= 6000 by default.
    kafka_session_timeout_ms: int = Field(default=10_000, ge=500)
    redis_url: str | None = None
    identity_url: str = "http://127.0.0.1:8001"
    jwt_issuer: str = "whetstone-identity"
    jwt_audience: str = "whetstone"
    jwks_refresh_seconds: float = Field(default=300.0, gt=0)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    # Below the producer's 1 MiB request limit; a larger event is refused before it is stored.
    outbox_max_event_bytes: int = Field(default=900 * 1024, gt=0, le=1024 * 1024)
    outbox_max_attempts: int = Field(default=10, ge=1)
    consumer_group: str = ""

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

    @property
    def is_local(self) -> bool:
        return self.environment in ("local", "test")

    @property
    def jwks_url(self) -> str:
        return f"{self.identity_url.rstrip('/')}/api/v1/auth/jwks"


def refuse_default_secret(settings: ServiceSettings, name: str, value: str, default: str) -> None:
    """Outside local mode a secret left at its development default is a misconfiguration."""
    if not settings.is_local and value == default:
        raise ValueError(f"{name} must be set outside local mode")
