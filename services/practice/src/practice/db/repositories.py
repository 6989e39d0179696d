"""Queries over practice's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from practice.db.tables import Attempt, ContentView, Submission
from practice.domain.attempts import FINISHED


class ContentViews:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, item_id: str) -> ContentView | None:
        return await self._session.get(ContentView, item_id)

    def add(self, view: ContentView) -> None:
        self._session.add(view)

    async def delete(self, view: ContentView) -> None:
        await self._session.delete(view)


class Attempts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, attempt: Attempt) -> None:
        self._session.add(attempt)

    async def get_for_user(self, attempt_id: str, user_id: str) -> Attempt | None:
        attempt = await self._session.get(Attempt, attempt_id)
        return attempt if attempt is not None and attempt.user_id == user_id else None

    async def get(self, attempt_id: str) -> Attempt | None:
        return await self._session.get(Attempt, attempt_id)

    async def active_for(self, user_id: str, problem_id: str) -> Attempt | None:
        query = (
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.problem_id == problem_id)
            .where(col(Attempt.state).not_in([s.value for s in FINISHED]))
            .order_by(col(Attempt.started_at).desc())
        )
        return (await self._session.exec(query)).first()

    async def page_for(self, user_id: str, *, limit: int, offset: int) -> tuple[list[Attempt], int]:
        query = select(Attempt).where(Attempt.user_id == user_id)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        rows = await self._session.exec(
            query.order_by(col(Attempt.started_at).desc()).limit(limit).offset(offset)
        )
        return list(rows.all()), int(total)


class Submissions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, submission: Submission) -> None:
        self._session.add(submission)

    async def get(self, submission_id: str) -> Submission | None:
        return await self._session.get(Submission, submission_id)

    async def get_for_user(self, submission_id: str, user_id: str) -> Submission | None:
        submission = await self._session.get(Submission, submission_id)
        return submission if submission is not None and submission.user_id == user_id else None

    async def page(
        self, *, user_id: str, attempt_id: str | None, limit: int, offset: int
    ) -> tuple[list[Submission], int]:
        query = select(Submission).where(Submission.user_id == user_id)
        if attempt_id is not None:
            query = query.where(Submission.attempt_id == attempt_id)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        rows = await self._session.exec(
            query.order_by(col(Submission.created_at).desc(), col(Submission.id))
            .limit(limit)
            .offset(offset)
        )
        return list(rows.all()), int(total)

    async def stuck(self, *, status: str, before: datetime, max_redrives: int) -> list[Submission]:
        query = (
            select(Submission)
            .where(Submission.status == status, col(Submission.queued_at) < before)
            .where(col(Submission.redrives) < max_redrives)
            .order_by(col(Submission.queued_at))
            .limit(100)
        )
        return list((await self._session.exec(query)).all())
