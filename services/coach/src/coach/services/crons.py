"""Use cases of the schedule: run the daily generation once per slot on one replica, show it.

Every replica ticks; the lease row decides which one runs. Claiming is one atomic UPDATE that
succeeds only while the lease is free and a slot has passed since the last run, and the run is
recorded with its job in one transaction, so a replica that dies mid-run leaves the lease to
lapse and the next claim after it runs once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.db.tables import GenerationJob
from coach.domain.schedule import DailySchedule, lease_free
from coach.services.generation import daily_request, expire_overdue, start_job
from coach.services.ports import CoachUnitOfWork, Provider
from contracts.catalogue.vocabulary import TaskDifficulty

DAILY_GENERATION = "daily_generation"


@dataclass(frozen=True)
class DailyGeneration:
    schedule: DailySchedule
    difficulty: TaskDifficulty
    enabled: bool
    holder: str  # this replica
    lease: timedelta
    timeout: timedelta  # of the job it starts


@dataclass(frozen=True)
class CronView:
    name: str
    schedule: str
    enabled: bool
    last_run_at: datetime | None
    next_run_at: datetime | None
    running: bool  # a replica holds the lease now
    last_job: GenerationJob | None


async def run_daily_if_due(
    *, uow: CoachUnitOfWork, provider: Provider, daily: DailyGeneration, now: datetime
) -> GenerationJob | None:
    """Start the day's generation if a slot passed since the last run and no replica has it."""
    await uow.generation.ensure_schedule(DAILY_GENERATION, since=now)
    claimed = await uow.generation.claim_due_run(
        DAILY_GENERATION,
        holder=daily.holder,
        now=now,
        lease_until=now + daily.lease,
        slot=daily.schedule.latest_slot(now),
    )
    await uow.commit()  # the lease is seen by every replica before the work starts
    if not claimed:
        return None
    job_id = str(uuid.uuid4())
    await uow.generation.finish_run(
        DAILY_GENERATION, holder=daily.holder, ran_at=now, job_id=job_id
    )
    return await start_job(  # commits the job and the run together
        uow=uow,
        provider=provider,
        request=daily_request(daily.difficulty),
        requested_by=None,
        trigger="schedule",
        now=now,
        deadline_after=daily.timeout,
        job_id=job_id,
    )


async def tick(
    *, uow: CoachUnitOfWork, provider: Provider, daily: DailyGeneration, now: datetime
) -> GenerationJob | None:
    """One look at the schedule: end overdue jobs, then run the daily generation if due."""
    await expire_overdue(uow=uow, now=now)
    if not daily.enabled:
        return None
    return await run_daily_if_due(uow=uow, provider=provider, daily=daily, now=now)


async def crons(*, uow: CoachUnitOfWork, daily: DailyGeneration, now: datetime) -> list[CronView]:
    """Each schedule with its last run and outcome and when it runs next."""
    row = await uow.generation.schedule(DAILY_GENERATION)
    last_job = None
    if row is not None and row.last_job_id is not None:
        last_job = await uow.generation.job(row.last_job_id)
    due = daily.schedule.is_due(
        last_run=row.last_run_at if row else None, since=row.since if row else now, now=now
    )
    next_run = (now if due else daily.schedule.next_slot(now)) if daily.enabled else None
    return [
        CronView(
            name=DAILY_GENERATION,
            schedule=daily.schedule.describe(),
            enabled=daily.enabled,
            last_run_at=row.last_run_at if row else None,
            next_run_at=next_run,
            running=row is not None and not lease_free(row.lease_until, now),
            last_job=last_job,
        )
    ]
