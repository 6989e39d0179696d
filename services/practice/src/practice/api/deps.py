"""Dependencies of practice's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request, Response, status

from practice.config import Settings
from practice.db.interview_uow import SqlInterviewUnitOfWork, interview_unit_of_work
from practice.db.tables import Submission
from practice.domain.errors import PayloadTooLarge
from practice.domain.feedback_gate import FeedbackGate
from practice.services.design_chat import DesignCoach
from practice.services.gate_review import GateReviewer
from practice.services.interview_ports import InterviewerVoice
from practice.services.submissions import get_submission
from practice.services.waiters import VerdictWaiters
from servicekit.auth import CurrentUser, Principal, bearer_token
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow
from servicekit.runtime import Runtime, RuntimeDep

T = TypeVar("T")


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield uow


async def interview_uow(runtime: RuntimeDep) -> AsyncIterator[SqlInterviewUnitOfWork]:
    async with interview_unit_of_work(runtime) as uow:
        yield uow


def verdict_waiters(runtime: RuntimeDep) -> VerdictWaiters:
    waiters: VerdictWaiters = runtime.extras["waiters"]
    return waiters


def practice_settings(runtime: RuntimeDep) -> Settings:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return settings


def feedback_gate(settings: Annotated[Settings, Depends(practice_settings)]) -> FeedbackGate:
    return FeedbackGate(
        unlock_after=timedelta(minutes=settings.feedback_unlock_minutes),
        wait_after_unlock=timedelta(seconds=settings.feedback_wait_seconds),
    )


def clock() -> datetime:
    """Now; the one place routes read the time, so tests can set it."""
    return utcnow()


def design_coach(runtime: RuntimeDep) -> DesignCoach:
    coach: DesignCoach = runtime.extras["coach"]
    return coach


def gate_reviewer(
    runtime: RuntimeDep, settings: Annotated[Settings, Depends(practice_settings)]
) -> GateReviewer | None:
    """The coach's gate review when it is switched on (`PRACTICE_COACH_GATE_REVIEW`)."""
    if not settings.coach_gate_review:
        return None
    reviewer: GateReviewer = runtime.extras["gate_reviewer"]
    return reviewer


def interviewer_voice(runtime: RuntimeDep) -> InterviewerVoice:
    voice: InterviewerVoice = runtime.extras["interviewer"]
    return voice


def access_token(request: Request, _: CurrentUser) -> str:
    """The caller's verified access token, to ask another service as them."""
    token = bearer_token(request.headers.get("authorization"))
    assert token is not None, "CurrentUser has verified it"
    return token


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Coach = Annotated[DesignCoach, Depends(design_coach)]
Interviewer = Annotated[InterviewerVoice, Depends(interviewer_voice)]
AccessToken = Annotated[str, Depends(access_token)]
Reviewer = Annotated[GateReviewer | None, Depends(gate_reviewer)]
InterviewUow = Annotated[SqlInterviewUnitOfWork, Depends(interview_uow)]
Waiters = Annotated[VerdictWaiters, Depends(verdict_waiters)]
PracticeSettings = Annotated[Settings, Depends(practice_settings)]
Gate = Annotated[FeedbackGate, Depends(feedback_gate)]
Now = Annotated[datetime, Depends(clock)]
WaitSeconds = Annotated[float, Query(ge=0, le=30, description="hold the answer up to N seconds")]


def ensure_within(size: int, limit: int, what: str) -> None:
    """413 when a body part is larger than the service takes."""
    if size > limit:
        raise PayloadTooLarge(f"{what} is limited to {limit} bytes")


class EvaluationWait:
    """`?wait=` for any flow: hold until a submission is evaluated, then reload its owner."""

    def __init__(
        self, runtime: Runtime, waiters: VerdictWaiters, uow: UnitOfWork, user: Principal
    ) -> None:
        self._runtime, self._waiters, self._uow, self._user = runtime, waiters, uow, user

    async def submission(self, submission_id: str, seconds: float) -> Submission:
        """The submission once evaluated, or as it stands when `seconds` (capped) run out."""
        runtime, user_id = self._runtime, self._user.user_id
        settings = runtime.settings
        assert isinstance(settings, Settings)
        # Never wait inside a transaction: on SQLite it would keep the verdict from being written.
        await self._uow.rollback()

        async def reload() -> Submission:
            # A fresh transaction each time, so a verdict committed elsewhere is seen.
            async with runtime.unit_of_work() as uow:
                return await get_submission(uow=uow, user_id=user_id, submission_id=submission_id)

        return await self._waiters.wait(
            submission_id, seconds=min(seconds, settings.max_wait_seconds), load=reload
        )

    async def __call__(
        self, submission_id: str, seconds: float, load: Callable[..., Awaitable[T]]
    ) -> tuple[T, Submission]:
        """The owner (`load(uow=...)`) and the submission as they stand after the wait."""
        submission = await self.submission(submission_id, seconds)
        async with self._runtime.unit_of_work() as uow:
            return await load(uow=uow), submission

    async def settle(
        self,
        sent: tuple[T, Submission],
        seconds: float,
        load: Callable[..., Awaitable[T]],
        response: Response,
    ) -> tuple[T, Submission]:
        """After a submit: wait when asked, and answer 200 rather than 202 once evaluated."""
        if seconds <= 0:
            return sent
        owner, submission = await self(sent[1].id, seconds, load)
        if submission.evaluated_at is not None:
            response.status_code = status.HTTP_200_OK
        return owner, submission


def evaluation_wait(
    runtime: RuntimeDep, waiters: Waiters, uow: Uow, user: CurrentUser
) -> EvaluationWait:
    return EvaluationWait(runtime, waiters, uow, user)


Wait = Annotated[EvaluationWait, Depends(evaluation_wait)]
