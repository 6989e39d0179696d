"""Replicas sharing Redis share the denylist and the login throttle."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

from identity.config import Settings
from identity.main import create_app
from servicekit.testing.client import app_client

if TYPE_CHECKING:
    from conftest import Api

pytestmark = pytest.mark.integration


@pytest.fixture
def shared(settings: Settings, redis_url: str) -> Settings:
    return settings.model_copy(update={"redis_url": redis_url})


async def test_a_logged_out_token_is_refused_by_every_replica(shared: Settings) -> None:
    async with app_client(create_app(shared)) as first, app_client(create_app(shared)) as second:
        account = await first.post(
            "/api/v1/auth/register",
            json={"email": f"{uuid.uuid4().hex}@example.com", "password": "long enough pw",
                  "full_name": "Two Replicas"},
        )  # fmt: skip
        auth = {"Authorization": f"Bearer {account.json()['access_token']}"}
        assert (await second.get("/api/v1/users/me", headers=auth)).status_code == 200
        assert (await first.post("/api/v1/auth/logout", headers=auth)).status_code == 204
        assert (await second.get("/api/v1/users/me", headers=auth)).status_code == 401


async def test_login_attempts_add_up_across_replicas(shared: Settings, api: Api) -> None:
    # A client address of its own: Redis outlives the test, the count must not leak into others.
    client = {"X-Forwarded-For": f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}
    email = f"{uuid.uuid4().hex}@example.com"
    async with app_client(create_app(shared)) as first, app_client(create_app(shared)) as second:
        for n in range(5):
            replica = (first, second)[n % 2]
            response = await replica.post(
                "/api/v1/auth/login", json={"email": email, "password": "guess"}, headers=client
            )
            assert response.status_code == 401
        blocked = await first.post(
            "/api/v1/auth/login", json={"email": email, "password": "guess"}, headers=client
        )
        assert blocked.status_code == 429
