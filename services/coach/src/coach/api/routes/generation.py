"""`/api/v1/admin/generate` and `/api/v1/admin/crons`: generation jobs and their schedule (seed
000), admins only.

A generation answers 202 with its job: content stores the items asynchronously, and the job's
items say what became of each (stored, duplicate, invalid, timed_out).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, status

from coach.api.deps import ActiveProvider, CoachSettings, Daily, Uow
from coach.api.schemas import CronOut, JobOut
from coach.domain.generation import GenerationSpec
from coach.services import crons, generation
from contracts.catalogue.vocabulary import (
    DrillType,
    TaskDifficulty,
    Track,
    TrackTitle,
    parse_track,
)
from servicekit.auth import AdminUser
from servicekit.outbox import utcnow
from servicekit.pagination import Page

router = APIRouter(prefix="/api/v1/admin", tags=["generation"])
RoleQuery = Annotated[
    Literal[Track, TrackTitle],
    Query(description="engineering track, or a user's selected_role spelling of it"),
]


async def _start(
    uow: Uow,
    provider: ActiveProvider,
    settings: CoachSettings,
    admin: AdminUser,
    request: generation.JobRequest,
) -> JobOut:
    job = await generation.start_job(
        uow=uow,
        provider=provider,
        request=request,
        requested_by=admin.user_id,
        trigger="manual",
        now=utcnow(),
        deadline_after=timedelta(seconds=settings.generation_job_timeout_seconds),
    )
    return JobOut.of(job)


@router.post("/generate/task", status_code=status.HTTP_202_ACCEPTED, response_model=JobOut)
async def generate_task(
    uow: Uow,
    provider: ActiveProvider,
    settings: CoachSettings,
    admin: AdminUser,
    role: RoleQuery = "backend",
    difficulty: TaskDifficulty = "intermediate",
) -> JobOut:
    spec = GenerationSpec("task", role=parse_track(role), difficulty=difficulty)
    return await _start(uow, provider, settings, admin, generation.task_request(spec))


@router.post("/generate/drill", status_code=status.HTTP_202_ACCEPTED, response_model=JobOut)
async def generate_drill(
    uow: Uow,
    provider: ActiveProvider,
    settings: CoachSettings,
    admin: AdminUser,
    drill_type: DrillType = "spot_assumptions",
) -> JobOut:
    spec = GenerationSpec("drill", drill_type=drill_type)
    return await _start(uow, provider, settings, admin, generation.drill_request(spec))


@router.post("/generate/daily", status_code=status.HTTP_202_ACCEPTED, response_model=JobOut)
async def generate_daily(
    uow: Uow, provider: ActiveProvider, settings: CoachSettings, admin: AdminUser
) -> JobOut:
    request = generation.daily_request(settings.daily_generation_difficulty)
    return await _start(uow, provider, settings, admin, request)


@router.get("/generate/jobs/{job_id}", response_model=JobOut)
async def get_job(
    uow: Uow, _: AdminUser, job_id: Annotated[str, Path(min_length=1, max_length=36)]
) -> JobOut:
    return JobOut.of(await generation.job_of(uow=uow, job_id=job_id))


@router.get("/crons", response_model=Page[CronOut])
async def list_crons(uow: Uow, _: AdminUser, daily: Daily) -> Page[CronOut]:
    views = await crons.crons(uow=uow, daily=daily, now=utcnow())
    items = [CronOut.of(v) for v in views]
    return Page(items=items, total=len(items), limit=len(items), offset=0)
