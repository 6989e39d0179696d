"""Queries over practice's interview tables, and the question bank from the catalogue view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.catalogue import CodingProblem, Kind, Question, SystemDesignProblem
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.db.repositories import ContentViews, _page
from practice.domain.interview_report import Candidate, Standing
from practice.domain.interviews import OPEN, InterviewStatus


class Interviews:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, row: Interview | InterviewQuestion) -> None:
        self._session.add(row)

    async def get(self, interview_id: str, *, lock: bool = False) -> Interview | None:
        """The interview; `lock` holds its row until commit, so its steps take turns."""
        query = select(Interview).where(Interview.id == interview_id)
        if lock:
            # Re-read even when this session holds the row: a step that committed before an
            # outside call and locks again must see what other requests wrote meanwhile.
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.exec(query)).first()

    async def get_for_user(
        self, interview_id: str, user_id: str, *, lock: bool = False
    ) -> Interview | None:
        interview = await self.get(interview_id, lock=lock)
        return interview if interview is not None and interview.user_id == user_id else None

    async def page(
        self,
        *,
        user_id: str,
        mode: str | None,
        status: str | None,
        since: datetime | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Interview], int]:
        query = select(Interview).where(Interview.user_id == user_id)
        if mode is not None:
            query = query.where(Interview.mode == mode)
        if status is not None:
            query = query.where(Interview.status == status)
        if since is not None:
            query = query.where(col(Interview.created_at) >= since)
        order = (col(Interview.created_at).desc(), col(Interview.id))
        return await _page(self._session, query, *order, limit=limit, offset=offset)

    async def count_open(self, user_id: str) -> int:
        query = select(func.count()).where(
            Interview.user_id == user_id, col(Interview.status).in_([s.value for s in OPEN])
        )
        return int((await self._session.exec(query)).one())

    async def expired(self, now: datetime, limit: int) -> list[str]:
        query = (
            select(Interview.id)
            .where(col(Interview.status).in_([s.value for s in OPEN]))
            .where(col(Interview.expires_at) <= now)
            .order_by(col(Interview.expires_at))
            .limit(limit)
        )
        return list((await self._session.exec(query)).all())

    async def questions(self, interview_id: str) -> list[InterviewQuestion]:
        query = (
            select(InterviewQuestion)
            .where(InterviewQuestion.interview_id == interview_id)
            .order_by(col(InterviewQuestion.position))
        )
        return list((await self._session.exec(query)).all())

    async def question(self, row_id: str) -> InterviewQuestion | None:
        """The question row as stored now, not as this session last saw it."""
        query = (
            select(InterviewQuestion)
            .where(InterviewQuestion.id == row_id)
            .execution_options(populate_existing=True)
        )
        return (await self._session.exec(query)).first()

    async def unannounced(self, answered_before: datetime, limit: int) -> list[str]:
        query = (
            select(InterviewQuestion.id)
            .where(col(InterviewQuestion.answered_at) <= answered_before)
            .where(col(InterviewQuestion.evaluated_at).is_(None))
            .order_by(col(InterviewQuestion.answered_at))
            .limit(limit)
        )
        return list((await self._session.exec(query)).all())

    async def question_by_submission(self, submission_id: str) -> InterviewQuestion | None:
        query = select(InterviewQuestion).where(InterviewQuestion.submission_id == submission_id)
        return (await self._session.exec(query)).first()

    async def standing(self, score: float, excluding: str) -> Standing:
        """Where `score` stands among the other completed interviews."""
        overall = col(Interview.overall_score)
        query = select(
            func.count(),
            func.coalesce(func.sum(case((overall < score, 1), else_=0)), 0),
            func.coalesce(func.sum(case((overall == score, 1), else_=0)), 0),
        ).where(
            Interview.status == InterviewStatus.COMPLETED,
            Interview.id != excluding,
            overall.is_not(None),
        )
        total, below, equal = (await self._session.exec(query)).one()
        return Standing(below=int(below), equal=int(equal), total=int(total))

    async def completed(self) -> list[Interview]:
        query = select(Interview).where(Interview.status == InterviewStatus.COMPLETED)
        return list((await self._session.exec(query.order_by(col(Interview.id)))).all())


class QuestionBank:
    """Interview questions, coding problems and recommendable items from the catalogue view."""

    def __init__(self, session: AsyncSession) -> None:
        self._views = ContentViews(session)

    async def questions(self) -> list[Question]:
        return [q for q in await self._views.items_of(Kind.QUESTION) if isinstance(q, Question)]

    async def question(self, question_id: str) -> Question | None:
        item = await self._views.item(question_id)
        return item if isinstance(item, Question) else None

    async def coding_problems(self) -> list[CodingProblem]:
        items = await self._views.items_of(Kind.CODING)
        return [p for p in items if isinstance(p, CodingProblem)]

    async def coding_problem(self, problem_id: str) -> CodingProblem | None:
        item = await self._views.item(problem_id)
        return item if isinstance(item, CodingProblem) else None

    async def candidates(self) -> list[Candidate]:
        found = [
            Candidate(q.id, q.kind, q.title, (q.category, *q.topics))
            for q in await self.questions()
        ]
        found += [
            Candidate(p.id, p.kind, p.title, tuple(x for x in (p.category, p.pattern) if x))
            for p in await self.coding_problems()
        ]
        designs = await self._views.items_of(Kind.SYSTEM_DESIGN)
        found += [
            Candidate(d.id, d.kind, d.title, tuple(d.categories))
            for d in designs
            if isinstance(d, SystemDesignProblem)
        ]
        return found
