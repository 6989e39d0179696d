"""Queries over evaluation's tables."""

from __future__ import annotations

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evaluation.db.tables import EvaluationRun, EvaluationTestResult
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
        self, *, user_id: str | None, submission_id: str | None, limit: int, offset: int
    ) -> tuple[list[EvaluationRun], int]:
        query = select(EvaluationRun)
        if user_id is not None:
            query = query.where(EvaluationRun.user_id == user_id)
        if submission_id is not None:
            query = query.where(EvaluationRun.submission_id == submission_id)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        rows = await self._session.exec(
            query.order_by(col(EvaluationRun.created_at).desc()).limit(limit).offset(offset)
        )
        return list(rows.all()), int(total)
