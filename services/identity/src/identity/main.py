"""Assembles the identity service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress

from fastapi import FastAPI
from redis.asyncio import Redis

from contracts import topics
from identity.api.deps import Components
from identity.api.routes import admin, auth, users
from identity.config import Settings
from identity.db.tables import SigningKey
from identity.db.uow import SqlIdentityUnitOfWork, identity_unit_of_work
from identity.domain.errors import AlreadyExists
from identity.domain.tokens import TokenPolicy
from identity.security.keys import KeyRing
from identity.security.passwords import Argon2Passwords
from identity.security.throttle import LoginThrottle
from identity.security.tokens import TokenService
from identity.services.accounts import ensure_admin
from identity.services.keys import (
    publish_signing_keys,
    rotate_signing_key,
    usable_signing_keys,
)
from servicekit.app import create_service_app
from servicekit.auth import KeyProvider
from servicekit.db import Database, UnitOfWork
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings

logger = logging.getLogger(__name__)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    config = settings or Settings()
    assert isinstance(config, Settings)
    keys = KeyRing(publish_before_use=config.key_hand_over)
    policy = TokenPolicy(
        issuer=config.jwt_issuer,
        audience=config.jwt_audience,
        access_ttl=config.access_token_ttl_seconds,
        refresh_ttl=config.refresh_token_ttl_seconds,
    )

    async def load_keys(runtime: Runtime) -> list[SigningKey]:
        async with identity_unit_of_work(runtime) as uow:
            return await usable_signing_keys(uow=uow, retain=config.key_retention)

    async def local_keys(runtime: Runtime) -> KeyProvider:
        # Identity checks its own access tokens with these keys, not over HTTP with itself.
        # Published at start too, for the services that read them from the broker.
        async with identity_unit_of_work(runtime) as uow:
            keys.replace(await publish_signing_keys(uow=uow, retain=config.key_retention))
        return keys

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            redis = Redis.from_url(config.redis_url) if config.redis_url else None
            if redis is not None:
                stack.push_async_callback(redis.aclose)
            passwords = Argon2Passwords()
            runtime.extras["identity"] = Components(
                keys=keys,
                tokens=TokenService(keys, policy),
                passwords=passwords,
                throttle=LoginThrottle(config.login_attempts_per_minute, redis),
            )
            await _bootstrap_admin(runtime, config, passwords)
            reload = asyncio.create_task(
                keys.run(lambda: load_keys(runtime), every=config.key_reload_seconds)
            )
            stack.push_async_callback(_stop, reload)
            yield

    return create_service_app(
        config,
        ServiceSpec(
            title="Whetstone identity",
            routers=[auth.router, users.router, admin.router],
            produces=[
                topics.IDENTITY_USERS,
                topics.IDENTITY_SIGNING_KEYS,
                topics.IDENTITY_REVOCATIONS,
            ],
            local_keys=local_keys,
            resources=resources,
        ),
    )


async def _bootstrap_admin(runtime: Runtime, config: Settings, passwords: Argon2Passwords) -> None:
    if not (config.admin_email and config.admin_password):
        if config.admin_email or config.admin_password:
            logger.warning("set both PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD, or neither")
        return
    for attempt in (1, 2):  # a replica starting at the same moment may create it first
        try:
            async with identity_unit_of_work(runtime) as uow:
                await ensure_admin(
                    uow=uow,
                    passwords=passwords,
                    email=config.admin_email,
                    password=config.admin_password,
                )
            return
        except AlreadyExists:
            if attempt == 2:
                raise


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


async def rotate_keys(settings: ServiceSettings) -> None:
    """`python -m identity rotate-keys`: running replicas pick the new key up on their own."""
    assert isinstance(settings, Settings)
    database = Database(settings.database_url)
    try:
        async with UnitOfWork(database, producer=settings.service_name) as base:
            key = await rotate_signing_key(
                uow=SqlIdentityUnitOfWork(base),
                hand_over=settings.key_hand_over,
                retain=settings.key_retention,
            )
        logger.info("new signing key", extra={"kid": key.kid})
    finally:
        await database.dispose()
