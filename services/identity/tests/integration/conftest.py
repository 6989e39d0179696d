from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from identity.config import Settings
from identity.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.client import app_client

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
PASSWORD = "correct horse battery"
ADMIN_EMAIL, ADMIN_PASSWORD = "root@example.com", "root password 123"


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
        outbox_poll_seconds=0.2,
        redis_url=None,  # in-process throttle and denylist unless a test asks for Redis
        login_attempts_per_minute=5,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
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


class Api:
    """The calls most tests make, on one started identity."""

    password = PASSWORD
    admin_email = ADMIN_EMAIL

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    async def register(self, **extra: Any) -> dict[str, Any]:
        """A new account's token answer, with its `email` added."""
        email = f"user-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": PASSWORD, "full_name": "Test User", **extra}
        response = await self.client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        return {**response.json(), "email": email}

    async def login(
        self, email: str, password: str = PASSWORD, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return await self.client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}, headers=headers
        )

    async def admin(self) -> dict[str, Any]:
        response = await self.login(ADMIN_EMAIL, ADMIN_PASSWORD)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def refresh(self, refresh_token: str) -> httpx.Response:
        return await self.client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})

    async def me(self, access_token: str) -> httpx.Response:
        return await self.client.get("/api/v1/users/me", headers=self.bearer(access_token))


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)
