"""Queries over evaluation's tables."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evaluation.db.tables import EvaluationRun, EvaluationTestResult, SubjectEnrolment, SubjectView
from evaluation.domain.runs import RunStatus
from servicekit.outbox import utcnow


class Runs:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, run: EvaluationRun) -> None:
        self._session.add(run)

    def add_results(self, results: list[EvaluationTestResult]) -> None:
        self._session.add_all(results)

    async def get(self, run_id: str) -> EvaluationRun | None:
        return await self._session.get(EvaluationRun, run_id)

    async def by_submission(self, submission_id: str) -> EvaluationRun | None:
        query = select(EvaluationRun).where(EvaluationRun.submission_id == submission_id)
        return (await self._session.exec(query)).first()

    async def results(self, run_id: str) -> list[EvaluationTestResult]:
        query = (
            select(EvaluationTestResult)
            .where(EvaluationTestResult.run_id == run_id)
            .order_by(col(EvaluationTestResult.test_index))
        )
        return list((await self._session.exec(query)).all())

    async def claim(self, run_id: str) -> bool:
        """Move a queued run to running; False if another worker got it first."""
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, col(EvaluationRun.status) == RunStatus.QUEUED)
            .values(status=RunStatus.RUNNING, started_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def ids_with_status(self, status: RunStatus, *, limit: int = 1000) -> list[str]:
        query = (
            select(EvaluationRun.id)
            .where(EvaluationRun.status == status)
            .order_by(col(EvaluationRun.created_at))
            .limit(limit)
        )
        return list((await self._session.exec(query)).all())

    async def requeue(self, run_id: str) -> None:
        await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, col(EvaluationRun.status) == RunStatus.RUNNING)
            .values(status=RunStatus.QUEUED, started_at=None)
        )

    async def requeue_running(self) -> int:
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.status) == RunStatus.RUNNING)
            .values(status=RunStatus.QUEUED, started_at=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def page(
        self,
        *,
        user_ids: Collection[str] | None,
        submission_id: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[EvaluationRun], int]:
        """Runs of these users (None: everyone's), newest first."""
        query = select(EvaluationRun)
        if user_ids is not None:
            query = query.where(col(EvaluationRun.user_id).in_(list(user_ids)))
        if submission_id is not None:
            query = query.where(EvaluationRun.submission_id == submission_id)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        rows = await self._session.exec(
            query.order_by(col(EvaluationRun.created_at).desc()).limit(limit).offset(offset)
        )
        return list(rows.all()), int(total)


class Subjects:
    """Evaluation's read model of subjects, their professors and their students."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def set_professor(self, subject_id: str, professor_id: str | None) -> None:
        subject = await self._session.get(SubjectView, subject_id)
        if subject is None:
            subject = SubjectView(subject_id=subject_id)
        subject.professor_id = professor_id
        self._session.add(subject)

    async def remove(self, subject_id: str) -> None:
        await self._session.exec(
            delete(SubjectEnrolment).where(col(SubjectEnrolment.subject_id) == subject_id)
        )
        subject = await self._session.get(SubjectView, subject_id)
        if subject is not None:
            await self._session.delete(subject)

    async def enrol(self, subject_id: str, user_id: str) -> None:
        if await self._session.get(SubjectEnrolment, (subject_id, user_id)) is None:
            self._session.add(SubjectEnrolment(subject_id=subject_id, user_id=user_id))

    async def students_of(self, professor_id: str) -> set[str]:
        """Everyone enrolled in a subject this professor teaches."""
        query = (
            select(SubjectEnrolment.user_id)
            .join(SubjectView, col(SubjectView.subject_id) == col(SubjectEnrolment.subject_id))
            .where(SubjectView.professor_id == professor_id)
        )
        return set((await self._session.exec(query)).all())
