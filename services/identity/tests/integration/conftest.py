from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from identity.config import Settings
from identity.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.client import app_client

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def settings(
    database_url: str, kafka_bootstrap: str, unique_name: str, session_timeout_ms: int
) -> Settings:
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        consumer_group=f"identity-{unique_name}",
        environment="test",
        kafka_session_timeout_ms=session_timeout_ms,
        login_attempts_per_minute=5,
        admin_email="root@example.com",
        admin_password="root password 123",
    )
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(app) as client:
        yield client
