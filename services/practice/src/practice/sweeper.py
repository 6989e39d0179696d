"""Background sweeps: re-drive submissions whose evaluation was lost (the broker keeps nothing)
and complete interviews that ran past their duration."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta

from practice.config import Settings
from practice.db.interview_uow import interview_unit_of_work
from practice.services.interview_answers import announce_unevaluated
from practice.services.interview_completion import complete_overdue
from practice.services.submissions import redrive_stuck
from servicekit.runtime import Runtime

logger = logging.getLogger(__name__)


async def sweep_forever(runtime: Runtime, settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.sweep_interval_seconds)
        try:
            async with runtime.unit_of_work() as uow:
                count = await redrive_stuck(
                    uow=uow,
                    older_than=timedelta(seconds=settings.redrive_after_seconds),
                    max_redrives=settings.redrive_max,
                )
            if count:
                logger.warning("re-drove stuck submissions", extra={"count": count})
        except Exception:
            logger.exception("submission sweep failed")
        try:
            async with interview_unit_of_work(runtime) as interviews:
                if completed := await complete_overdue(uow=interviews):
                    logger.info("completed overdue interviews", extra={"count": completed})
            async with interview_unit_of_work(runtime) as interviews:
                older_than = timedelta(seconds=settings.interview_announce_after_seconds)
                if sent := await announce_unevaluated(uow=interviews, older_than=older_than):
                    logger.warning("sent lost answer_evaluated events", extra={"count": sent})
        except Exception:
            logger.exception("interview sweep failed")


@asynccontextmanager
async def running_sweeper(runtime: Runtime) -> AsyncIterator[None]:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    task = asyncio.create_task(sweep_forever(runtime, settings), name="submission-sweeper")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
