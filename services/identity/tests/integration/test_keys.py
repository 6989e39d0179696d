"""Signing keys: made once and kept, rotated with a hand-over, reloaded by running replicas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jwt
import pytest

from identity.config import Settings
from identity.main import create_app, rotate_keys
from servicekit.testing.client import app_client

if TYPE_CHECKING:
    from conftest import Api

pytestmark = pytest.mark.integration


def kid_of(token: str) -> str:
    kid: str = jwt.get_unverified_header(token)["kid"]
    return kid


async def test_the_first_key_is_made_once_and_kept_across_restarts(
    api: Api, settings: Settings
) -> None:
    token = (await api.register())["access_token"]
    async with app_client(create_app(settings)) as restarted:
        keys = (await restarted.get("/api/v1/auth/jwks")).json()["keys"]
        assert [key["kid"] for key in keys] == [kid_of(token)]
        me = await restarted.get("/api/v1/users/me", headers=api.bearer(token))
        assert me.status_code == 200


async def test_a_new_key_is_published_before_it_signs(api: Api, settings: Settings) -> None:
    old_kid = kid_of((await api.register())["access_token"])
    await rotate_keys(settings)  # with the default hand-over of several minutes
    async with app_client(create_app(settings)) as restarted:
        kids = [key["kid"] for key in (await restarted.get("/api/v1/auth/jwks")).json()["keys"]]
        assert len(kids) == 2
        assert kids[0] == old_kid
        fresh = await restarted.post(
            "/api/v1/auth/register",
            json={"email": "later@example.com", "password": api.password, "full_name": "L"},
        )
        assert kid_of(fresh.json()["access_token"]) == old_kid  # the new one is not used yet


async def test_after_the_hand_over_the_new_key_signs_and_the_old_still_verifies(
    api: Api, settings: Settings
) -> None:
    before = await api.register()
    immediate = settings.model_copy(update={"key_hand_over_seconds": 0})
    await rotate_keys(immediate)
    async with app_client(create_app(immediate)) as restarted:
        kids = [key["kid"] for key in (await restarted.get("/api/v1/auth/jwks")).json()["keys"]]
        after = await restarted.post(
            "/api/v1/auth/refresh", json={"refresh_token": before["refresh_token"]}
        )
        assert after.status_code == 200
        new_kid = kid_of(after.json()["access_token"])
        assert new_kid != kid_of(before["access_token"])
        assert kids == [kid_of(before["access_token"]), new_kid]
        old = await restarted.get("/api/v1/users/me", headers=api.bearer(before["access_token"]))
        assert old.status_code == 200


async def test_a_running_replica_loads_a_key_another_one_made(api: Api, settings: Settings) -> None:
    immediate = settings.model_copy(update={"key_hand_over_seconds": 0})
    await rotate_keys(immediate)
    async with app_client(create_app(immediate)) as newer:
        fresh = await newer.post(
            "/api/v1/auth/register",
            json={"email": "replica@example.com", "password": api.password, "full_name": "R"},
        )
    token = fresh.json()["access_token"]
    # `api` started before the rotation: the unknown kid makes it reload, and the request that
    # met it waits for that reload rather than being refused.
    assert (await api.me(token)).status_code == 200
