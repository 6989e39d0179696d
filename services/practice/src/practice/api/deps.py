"""Dependencies of practice's routes."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends

from practice.config import Settings
from practice.db.tables import Submission
from practice.services.submissions import get_submission
from practice.services.waiters import VerdictWaiters
from servicekit.db import UnitOfWork
from servicekit.runtime import Runtime, RuntimeDep


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield uow


def verdict_waiters(runtime: RuntimeDep) -> VerdictWaiters:
    waiters: VerdictWaiters = runtime.extras["waiters"]
    return waiters


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Waiters = Annotated[VerdictWaiters, Depends(verdict_waiters)]


async def wait_for_verdict(
    runtime: Runtime,
    waiters: VerdictWaiters,
    uow: UnitOfWork,
    *,
    user_id: str,
    submission_id: str,
    seconds: float,
) -> Submission:
    """Hold until the submission is judged or `seconds` (capped by settings) run out."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    # Never wait inside a transaction: on SQLite it would keep the verdict from being written.
    await uow.rollback()

    async def reload() -> Submission:
        # A fresh transaction each time, so a verdict committed elsewhere is seen.
        async with runtime.unit_of_work() as uow:
            return await get_submission(uow=uow, user_id=user_id, submission_id=submission_id)

    return await waiters.wait(
        submission_id, seconds=min(seconds, settings.max_wait_seconds), load=reload
    )
