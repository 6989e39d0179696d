"""WHETSTONE_ENV=production refuses what is only safe on a developer's machine."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

from servicekit.settings import Refusal, ServiceSettings

SAFE = {
    "environment": "production",
    "database_url": "postgresql+asyncpg://whetstone@db/example",
    "redis_url": "redis://redis:6379/0",
}


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMPLE_", extra="ignore")
    service_name = "example"
    default_port = 8100

    api_key: SecretStr = SecretStr("development-key")
    risky: bool = False
    production_refusals: ClassVar[tuple[Refusal, ...]] = (Refusal("risky", bool, "must be false"),)


class NoDatabaseSettings(ExampleSettings):
    uses_database = False


def build(cls: type[ServiceSettings] = ExampleSettings, **overrides: Any) -> ServiceSettings:
    values = {**SAFE, "api_key": "a real key", **overrides}
    return cls(**{k: v for k, v in values.items() if v is not None})


def refusal(**overrides: Any) -> str:
    with pytest.raises(ValidationError) as raised:
        build(**overrides)
    return str(raised.value)


def test_safe_production_settings_are_accepted() -> None:
    assert build().environment == "production"


def test_sqlite_is_refused() -> None:
    assert "EXAMPLE_DATABASE_URL must be PostgreSQL" in refusal(
        database_url="sqlite+aiosqlite:///data/example.db"
    )


def test_the_default_sqlite_database_is_refused() -> None:
    assert "EXAMPLE_DATABASE_URL must be PostgreSQL" in refusal(database_url="")


def test_a_service_without_a_database_is_not_asked_for_one() -> None:
    assert build(NoDatabaseSettings, database_url="").environment == "production"


def test_missing_redis_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert "REDIS_URL must be set" in refusal(redis_url=None)


def test_a_secret_left_at_its_default_is_refused() -> None:
    assert "EXAMPLE_API_KEY must be set" in refusal(api_key="development-key")


def test_a_rule_the_service_declares_is_applied() -> None:
    assert "EXAMPLE_RISKY must be false" in refusal(risky=True)


def test_every_broken_rule_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    message = refusal(database_url="", redis_url=None, risky=True)
    for variable in ("EXAMPLE_DATABASE_URL", "REDIS_URL", "EXAMPLE_RISKY"):
        assert variable in message


@pytest.mark.parametrize("environment", ["local", "test"])
def test_local_mode_keeps_its_development_defaults(environment: str) -> None:
    settings = ExampleSettings(environment=environment, risky=True)
    assert settings.database_url.startswith("sqlite")


def test_a_refusal_does_not_echo_the_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ValidationError) as raised:
        ExampleSettings(api_key="hunter2", environment="production")
    assert "hunter2" not in str(raised.value)
