"""Queries over coach's tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from coach.db.tables import (
    ChatMessage,
    ChatSession,
    CronSchedule,
    Enrolment,
    Feedback,
    GenerationJob,
    IndexedItem,
    SocraticTurn,
    Subject,
    SubmittedCode,
)


class Catalogue:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add_item(self, item: IndexedItem) -> None:
        self._session.add(item)

    async def item(self, item_id: str) -> IndexedItem | None:
        return await self._session.get(IndexedItem, item_id)

    async def items(self, item_ids: Sequence[str]) -> list[IndexedItem]:
        if not item_ids:
            return []
        rows = await self._session.exec(
            select(IndexedItem).where(col(IndexedItem.id).in_(item_ids))
        )
        return list(rows.all())

    async def delete_item(self, item: IndexedItem) -> None:
        await self._session.delete(item)

    async def titles(self, kinds: Sequence[str]) -> frozenset[str]:
        rows = await self._session.exec(
            select(func.lower(IndexedItem.title)).where(col(IndexedItem.kind).in_(kinds))
        )
        return frozenset(rows.all())

    def add_subject(self, subject: Subject) -> None:
        self._session.add(subject)

    async def subject(self, subject_id: str) -> Subject | None:
        return await self._session.get(Subject, subject_id)

    async def delete_subject(self, subject_id: str) -> None:
        await self._session.exec(delete(Subject).where(col(Subject.id) == subject_id))  # type: ignore[call-overload]

    async def enrol(self, *, subject_id: str, user_id: str) -> None:
        values = {"subject_id": subject_id, "user_id": user_id}
        dialect = postgresql if _is_postgres(self._session) else sqlite
        insert = dialect.insert(Enrolment).values(**values).on_conflict_do_nothing()
        await self._session.exec(insert)  # type: ignore[call-overload]

    async def is_enrolled(self, *, subject_id: str, user_id: str) -> bool:
        return await self._session.get(Enrolment, (subject_id, user_id)) is not None

    async def teaches_student(self, *, professor_id: str, student_id: str) -> bool:
        query = (
            select(Enrolment.subject_id)
            .join(Subject, col(Subject.id) == col(Enrolment.subject_id))
            .where(col(Subject.professor_id) == professor_id, col(Enrolment.user_id) == student_id)
            .limit(1)
        )
        return (await self._session.exec(query)).first() is not None


class Chats:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add_session(self, session: ChatSession) -> None:
        self._session.add(session)

    def add_message(self, message: ChatMessage) -> None:
        self._session.add(message)

    async def session(self, *, session_id: str, user_id: str) -> ChatSession | None:
        found = await self._session.get(ChatSession, session_id)
        return found if found is not None and found.user_id == user_id else None

    async def sessions(
        self, *, user_id: str, subject_id: str | None, limit: int, offset: int
    ) -> tuple[list[ChatSession], int]:
        query = select(ChatSession).where(col(ChatSession.user_id) == user_id)
        if subject_id is not None:
            query = query.where(col(ChatSession.subject_id) == subject_id)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        ordered = query.order_by(col(ChatSession.last_active).desc(), col(ChatSession.id))
        rows = await self._session.exec(ordered.limit(limit).offset(offset))
        return list(rows.all()), int(total)

    async def messages(self, session_id: str, *, limit: int) -> list[ChatMessage]:
        query = (
            select(ChatMessage)
            .where(col(ChatMessage.session_id) == session_id)
            .order_by(col(ChatMessage.id).desc())
            .limit(limit)
        )
        return list(reversed((await self._session.exec(query)).all()))

    async def delete_session(self, session: ChatSession) -> None:
        # Messages first: SQLite enforces the foreign key but the ORM does not cascade.
        await self._session.exec(  # type: ignore[call-overload]
            delete(ChatMessage).where(col(ChatMessage.session_id) == session.id)
        )
        await self._session.delete(session)

    async def sent_since(self, *, user_id: str, since: datetime) -> list[datetime]:
        query = (
            select(ChatMessage.created_at)
            .where(
                col(ChatMessage.user_id) == user_id,
                col(ChatMessage.role) == "user",
                col(ChatMessage.created_at) > since,
            )
            .order_by(col(ChatMessage.created_at))
            .limit(1000)
        )
        return list((await self._session.exec(query)).all())


class Feedbacks:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, feedback: Feedback) -> None:
        self._session.add(feedback)

    async def for_submission(self, submission_id: str) -> Feedback | None:
        query = select(Feedback).where(col(Feedback.submission_id) == submission_id)
        return (await self._session.exec(query)).first()

    async def find(
        self, *, attempt_id: str | None, submission_id: str | None, response_id: str | None
    ) -> list[Feedback]:
        query = select(Feedback)
        if submission_id is not None:
            query = query.where(col(Feedback.submission_id) == submission_id)
        if attempt_id is not None:
            query = query.where(col(Feedback.attempt_id) == attempt_id)
        if response_id is not None:  # a written response is the attempt of its submissions
            query = query.where(
                col(Feedback.attempt_id) == response_id, col(Feedback.evaluation_kind) == "written"
            )
        rows = await self._session.exec(query.order_by(col(Feedback.created_at).desc()).limit(50))
        return list(rows.all())

    async def first_for(self, representation: str) -> Feedback | None:
        query = (
            select(Feedback)
            .where(
                col(Feedback.representation) == representation, col(Feedback.reused_from).is_(None)
            )
            .order_by(col(Feedback.created_at))
            .limit(1)
        )
        return (await self._session.exec(query)).first()

    async def remember_code(self, code: SubmittedCode) -> None:
        if await self._session.get(SubmittedCode, code.submission_id) is None:
            self._session.add(code)

    async def code_of(self, submission_id: str) -> SubmittedCode | None:
        return await self._session.get(SubmittedCode, submission_id)

    def add_turn(self, turn: SocraticTurn) -> None:
        self._session.add(turn)

    async def turns(self, attempt_id: str) -> list[SocraticTurn]:
        query = (
            select(SocraticTurn)
            .where(col(SocraticTurn.attempt_id) == attempt_id)
            .order_by(col(SocraticTurn.id))
            .limit(200)
        )
        return list((await self._session.exec(query)).all())


class Generations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add_job(self, job: GenerationJob) -> None:
        self._session.add(job)

    async def job(self, job_id: str) -> GenerationJob | None:
        return await self._session.get(GenerationJob, job_id)

    async def overdue(self, now: datetime, *, limit: int) -> list[GenerationJob]:
        query = (
            select(GenerationJob)
            .where(col(GenerationJob.status) == "pending", col(GenerationJob.deadline) <= now)
            .order_by(col(GenerationJob.deadline))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self._session.exec(query)).all())

    async def recent_titles(self, *, since: datetime) -> frozenset[str]:
        query = select(GenerationJob.items).where(col(GenerationJob.created_at) >= since)
        return _live_titles((await self._session.exec(query)).all())

    async def ensure_schedule(self, name: str, *, since: datetime) -> None:
        dialect = postgresql if _is_postgres(self._session) else sqlite
        insert = dialect.insert(CronSchedule).values(name=name, since=since)
        await self._session.exec(insert.on_conflict_do_nothing())  # type: ignore[call-overload]

    async def schedule(self, name: str) -> CronSchedule | None:
        return await self._session.get(CronSchedule, name, populate_existing=True)

    async def claim_due_run(
        self, name: str, *, holder: str, now: datetime, lease_until: datetime, slot: datetime
    ) -> bool:
        """Take the lease when it is free and a run is due (domain.schedule's rules), atomically."""
        result = await self._session.exec(
            update(CronSchedule)
            .where(
                col(CronSchedule.name) == name,
                or_(col(CronSchedule.lease_until).is_(None), col(CronSchedule.lease_until) <= now),
                func.coalesce(CronSchedule.last_run_at, CronSchedule.since) < slot,
            )
            .values(lease_holder=holder, lease_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish_run(self, name: str, *, holder: str, ran_at: datetime, job_id: str) -> None:
        await self._session.exec(
            update(CronSchedule)
            .where(col(CronSchedule.name) == name, col(CronSchedule.lease_holder) == holder)
            .values(last_run_at=ran_at, last_job_id=job_id, lease_holder=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


def _live_titles(jobs_items: Iterable[Sequence[Any]]) -> frozenset[str]:
    return frozenset(
        str(i["title"]).lower()
        for items in jobs_items
        for i in items
        if i.get("title") and i.get("outcome") in ("pending", "stored")
    )


def _is_postgres(session: AsyncSession) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "postgresql"
