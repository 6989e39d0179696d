"""Pytest fixtures for the real parts; loaded by the root conftest as a plugin."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit.testing import infra
from servicekit.testing.client import app_client
from servicekit.testing.tokens import TokenFactory


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """The broker: `KAFKA_BOOTSTRAP_SERVERS`, else testcontainers Kafka, else a local Tansu."""
    with infra.kafka_bootstrap() as servers:
        yield servers


@pytest.fixture(scope="session")
def session_timeout_ms(kafka_bootstrap: str) -> int:
    """Short on Tansu (joins take half of it), the usual minimum on a real Kafka."""
    return infra.consumer_session_timeout_ms()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with infra.postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with infra.redis_server() as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    server = make_url(postgres_server_url)
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """SQLite by default; PostgreSQL when TEST_DATABASE_URL names a server."""
    if os.environ.get("TEST_DATABASE_URL"):
        url: str = request.getfixturevalue("postgres_url")
        return url
    return sqlite_url


@pytest.fixture
def unique_name() -> str:
    """A suffix for topics and consumer groups that no other test uses."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
def tokens() -> TokenFactory:
    """Signs access tokens the way identity does, for a service tested on its own."""
    return TokenFactory()


@pytest.fixture
def service_settings(
    sqlite_url: str, kafka_bootstrap: str, unique_name: str, session_timeout_ms: int
) -> dict[str, Any]:
    """What every service's test settings share: its own database, the real broker, no waits."""
    return {
        "database_url": sqlite_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "consumer_group": f"test-{unique_name}",
        "environment": "test",
        "kafka_session_timeout_ms": session_timeout_ms,
        "outbox_poll_seconds": 0.2,
    }


@pytest.fixture
async def client(app: FastAPI, tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    """The service's app (the `app` fixture of its conftest), started, trusting `tokens`."""
    async with app_client(app) as http:
        tokens.install(app)
        yield http
