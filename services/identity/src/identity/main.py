"""Assembles the identity service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis

from contracts import topics
from identity.api.routes import auth, users
from identity.config import Settings
from identity.security.keys import KeyRing
from identity.security.throttle import LoginThrottle
from identity.services.accounts import ensure_admin
from servicekit.app import create_service_app
from servicekit.auth import KeyProvider
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    config = settings or Settings()
    assert isinstance(config, Settings)
    keys = KeyRing()

    async def local_keys(runtime: Runtime) -> KeyProvider:
        assert runtime.database is not None
        await keys.load(runtime.database)
        runtime.extras["keys"] = keys
        return keys

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        redis = Redis.from_url(config.redis_url) if config.redis_url else None
        runtime.extras["throttle"] = LoginThrottle(config.login_attempts_per_minute, redis)
        if config.admin_email and config.admin_password:
            async with runtime.unit_of_work() as uow:
                await ensure_admin(
                    uow=uow, email=config.admin_email, password=config.admin_password
                )
        try:
            yield
        finally:
            if redis is not None:
                await redis.aclose()

    return create_service_app(
        config,
        ServiceSpec(
            title="Whetstone identity",
            routers=[auth.router, users.router],
            produces=[topics.IDENTITY_USERS],
            local_keys=local_keys,
            resources=resources,
        ),
    )
