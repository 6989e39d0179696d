"""Queries over evaluation's tables."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evaluation.db.tables import EvaluationRun, EvaluationTestResult, SubjectEnrolment, SubjectView
from evaluation.domain.runs import RunStatus
from servicekit.outbox import utcnow


def _held_by(owner: str) -> tuple[Any, ...]:
    return (col(EvaluationRun.status) == RunStatus.RUNNING, col(EvaluationRun.owner) == owner)


def _lapsed(now: datetime) -> tuple[Any, ...]:
    lease = col(EvaluationRun.lease_expires_at)
    return (col(EvaluationRun.status) == RunStatus.RUNNING, or_(lease.is_(None), lease < now))


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

    async def claim(self, run_id: str, *, owner: str, lease_until: datetime) -> bool:
        """Move a queued run to running under `owner`'s lease; False if another got it first."""
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, col(EvaluationRun.status) == RunStatus.QUEUED)
            .values(
                status=RunStatus.RUNNING,
                started_at=utcnow(),
                owner=owner,
                lease_expires_at=lease_until,
                attempts=col(EvaluationRun.attempts) + 1,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def renew(self, run_ids: Collection[str], *, owner: str, lease_until: datetime) -> None:
        """Extend the lease of these runs, where `owner` still holds them."""
        if not run_ids:
            return
        await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id).in_(list(run_ids)), *_held_by(owner))
            .values(lease_expires_at=lease_until)
            .execution_options(synchronize_session=False)
        )

    async def queued(self, *, limit: int = 1000) -> list[tuple[str, str, str]]:
        """(id, user id, kind) of the oldest queued runs."""
        query = (
            select(EvaluationRun.id, EvaluationRun.user_id, EvaluationRun.type)
            .where(EvaluationRun.status == RunStatus.QUEUED)
            .order_by(col(EvaluationRun.created_at))
            .limit(limit)
        )
        return [tuple(row) for row in (await self._session.exec(query)).all()]  # type: ignore[misc]

    async def lapsed(self, now: datetime, *, limit: int = 1000) -> list[tuple[str, str, int]]:
        """(id, kind, attempts) of running runs whose lease ran out: their replica is gone."""
        query = (
            select(EvaluationRun.id, EvaluationRun.type, EvaluationRun.attempts)
            .where(*_lapsed(now))
            .limit(limit)
        )
        return [tuple(row) for row in (await self._session.exec(query)).all()]  # type: ignore[misc]

    async def settle(self, run_id: str, *, owner: str, status: RunStatus) -> bool:
        """End a run `owner` still holds with `status`; False if it no longer holds it."""
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, *_held_by(owner))
            .values(status=status, owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, run_id: str, *, owner: str, refund: bool = False) -> bool:
        """Put a run `owner` holds back in the queue; `refund` gives the attempt back."""
        attempts = col(EvaluationRun.attempts)
        return await self._requeue(
            run_id, _held_by(owner), attempts=attempts - 1 if refund else attempts
        )

    async def release_lapsed(self, run_id: str, *, now: datetime) -> bool:
        return await self._requeue(run_id, _lapsed(now), attempts=col(EvaluationRun.attempts))

    async def _requeue(self, run_id: str, guard: tuple[Any, ...], *, attempts: Any) -> bool:
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, *guard)
            .values(
                status=RunStatus.QUEUED,
                started_at=None,
                owner=None,
                lease_expires_at=None,
                attempts=attempts,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def end_unjudged(
        self,
        run_id: str,
        *,
        reason: str,
        owner: str | None = None,
        lapsed_before: datetime | None = None,
    ) -> bool:
        """Finish a run as failed (internal error): held by `owner`, lapsed, or still queued."""
        if owner is not None:
            guard = _held_by(owner)
        elif lapsed_before is not None:
            guard = (
                or_(and_(*_lapsed(lapsed_before)), col(EvaluationRun.status) == RunStatus.QUEUED),
            )
        else:
            raise ValueError("say whose run this is: owner or lapsed_before")
        result = await self._session.exec(
            update(EvaluationRun)
            .where(col(EvaluationRun.id) == run_id, *guard)
            .values(
                status=RunStatus.FAILED,
                verdict="internal_error",
                explanation=reason,
                owner=None,
                lease_expires_at=None,
                completed_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

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
