"""Dependencies of coach's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends

from coach.config import Settings
from coach.db.uow import SqlCoachUnitOfWork, coach_unit_of_work
from coach.services.crons import DailyGeneration
from coach.services.ports import Provider
from servicekit.runtime import RuntimeDep


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[SqlCoachUnitOfWork]:
    async with coach_unit_of_work(runtime) as uow:
        yield uow


def provider(runtime: RuntimeDep) -> Provider:
    active: Provider = runtime.extras["provider"]
    return active


def daily_generation(runtime: RuntimeDep) -> DailyGeneration:
    daily: DailyGeneration = runtime.extras["daily"]
    return daily


def coach_settings(runtime: RuntimeDep) -> Settings:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return settings


Uow = Annotated[SqlCoachUnitOfWork, Depends(unit_of_work)]
ActiveProvider = Annotated[Provider, Depends(provider)]
CoachSettings = Annotated[Settings, Depends(coach_settings)]
Daily = Annotated[DailyGeneration, Depends(daily_generation)]
