from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from practice.config import Settings
from practice.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.client import app_client
from servicekit.testing.events import EventPublisher
from servicekit.testing.tokens import TokenFactory

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def settings(
    sqlite_url: str, kafka_bootstrap: str, unique_name: str, session_timeout_ms: int
) -> Settings:
    settings = Settings(
        database_url=sqlite_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        consumer_group=f"practice-{unique_name}",
        environment="test",
        outbox_poll_seconds=0.2,
        kafka_session_timeout_ms=session_timeout_ms,
    )
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI, tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(app) as client:
        tokens.install(app)
        yield client


@pytest.fixture
async def publisher(kafka_bootstrap: str) -> AsyncIterator[EventPublisher]:
    async with EventPublisher(kafka_bootstrap) as publisher:
        yield publisher
