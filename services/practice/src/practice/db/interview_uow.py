"""The interviews' unit of work: their repositories over one servicekit transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from contracts import Envelope, Event
from contracts.catalogue import CodingProblem
from practice.db.interview_repositories import Interviews, QuestionBank
from practice.db.interview_tables import Interview
from practice.db.progress_repositories import Activities
from practice.db.progress_tables import Activity
from practice.domain.errors import InterviewBusy
from practice.domain.submissions import SubmissionType
from practice.services.evaluation_requests import code_submission_event, request_evaluation
from servicekit.db import UnitOfWork
from servicekit.runtime import Runtime


class SqlInterviewUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.interviews = Interviews(uow.session)
        self.bank = QuestionBank(uow.session)
        self._activities = Activities(uow.session)

    async def record_activity(self, activity: Activity) -> None:
        if await self._activities.get(activity.id) is None:
            self._activities.add(activity)

    def request_code_evaluation(
        self, *, interview: Interview, problem: CodingProblem, language: str, code: str
    ) -> str:
        submission = request_evaluation(
            uow=self._uow,
            submission_type=SubmissionType.INTERVIEW_CODE,
            attempt_id=interview.id,
            user_id=interview.user_id,
            problem_id=problem.id,
            language=language,
            code=code,
            event=lambda submission_id: code_submission_event(
                submission_id, interview.id, interview.user_id, language, code, problem
            ),
        )
        return submission.id

    def raise_event(self, event: Event) -> Envelope:
        return self._uow.raise_event(event)

    async def commit(self) -> None:
        try:
            await self._uow.commit()
        except IntegrityError as exc:
            # The only unique keys a request can collide on: a question put twice at once.
            await self._uow.rollback()
            raise InterviewBusy() from exc


@asynccontextmanager
async def interview_unit_of_work(runtime: Runtime) -> AsyncIterator[SqlInterviewUnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield SqlInterviewUnitOfWork(uow)
