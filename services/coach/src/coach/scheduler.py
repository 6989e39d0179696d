"""The schedule's loop: every replica ticks, the lease in the database picks who runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from coach.config import Settings
from coach.db.uow import coach_unit_of_work
from coach.domain.schedule import DailySchedule
from coach.services.crons import DailyGeneration, tick
from coach.services.ports import Provider
from servicekit.outbox import utcnow
from servicekit.runtime import Runtime

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def daily_generation(settings: Settings) -> DailyGeneration:
    return DailyGeneration(
        schedule=DailySchedule(settings.daily_generation_hour_utc),
        difficulty=settings.daily_generation_difficulty,
        enabled=settings.daily_generation_enabled,
        holder=settings.replica_id,
        lease=timedelta(seconds=settings.generation_lease_seconds),
        timeout=timedelta(seconds=settings.generation_job_timeout_seconds),
    )


async def keep_schedule(
    runtime: Runtime,
    provider: Provider,
    daily: DailyGeneration,
    *,
    every: float,
    clock: Clock = utcnow,
) -> None:
    """Tick every `every` seconds until cancelled; a failed tick is retried on the next one."""
    while True:
        try:
            async with coach_unit_of_work(runtime) as uow:
                job = await tick(uow=uow, provider=provider, daily=daily, now=clock())
            if job is not None:
                logger.info("daily generation started", extra={"job_id": job.id})
        except Exception:  # the database is away: the lease lapses, a later tick runs it
            logger.warning("the schedule's tick failed", exc_info=True)
        await asyncio.sleep(every)
