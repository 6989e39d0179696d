"""Assembles the coach service."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from coach import providers
from coach.api.routes import (
    chat,
    design_chat,
    feedback,
    gate_review,
    generation,
    interview_turn,
    system,
)
from coach.config import Settings
from coach.events.subscribers import subscriptions
from coach.scheduler import daily_generation, keep_schedule
from contracts import topics
from servicekit.app import create_service_app
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or Settings()
    assert isinstance(settings, Settings)
    # Built here, not in the lifespan, because the subscriptions need it before resources
    # start; its HTTP client opens no connection until the first call and closes below.
    provider = providers.configured_provider(settings)
    daily = daily_generation(settings)

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        runtime.extras["provider"] = provider
        runtime.extras["daily"] = daily
        schedule = asyncio.create_task(
            keep_schedule(runtime, provider, daily, every=settings.generation_tick_seconds),
            name="generation-schedule",
        )
        try:
            yield
        finally:
            schedule.cancel()
            with suppress(asyncio.CancelledError):
                await schedule
            await providers.close(provider)

    return create_service_app(
        settings,
        ServiceSpec(
            title="Whetstone coach",
            routers=[
                chat.router,
                design_chat.router,
                feedback.router,
                gate_review.router,
                generation.router,
                interview_turn.router,
                system.router,
            ],
            produces=[topics.COACH_FEEDBACK, topics.COACH_GENERATION, topics.INTERVIEW_EVENTS],
            subscriptions=subscriptions(
                sqlite=make_url(settings.database_url).get_backend_name() == "sqlite",
                provider=provider,
                settings=settings,
            ),
            resources=resources,
        ),
    )
