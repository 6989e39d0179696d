"""`/api/v1/progress`: tasks completed, streaks and scores of the calling learner."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from practice.api.deps import Uow
from practice.api.schemas.progress import ProgressOut
from practice.services import progress
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/api/v1/progress", tags=["progress"])

TimeZone = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=64,
        description="IANA zone the days are counted in, e.g. Europe/Paris; without it, the "
        "learner's `preferences.time_zone`, else UTC. The answer's `time_zone` says which.",
    ),
]


@router.get("", response_model=ProgressOut)
async def get_progress(uow: Uow, user: CurrentUser, tz: TimeZone = None) -> ProgressOut:
    return ProgressOut(**asdict(await progress.get_progress(uow=uow, user_id=user.user_id, tz=tz)))
