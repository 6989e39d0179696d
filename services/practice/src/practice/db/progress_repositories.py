"""Queries over practice's progress tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from practice.db.progress_tables import Activity, DrillAnswer, Enrolment, KnownUser
from practice.db.tables import ContentView, DesignSession, Response, Submission


class DrillAnswers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, answer: DrillAnswer) -> None:
        self._session.add(answer)

    async def answered_ids(self, user_id: str) -> set[str]:
        query = select(DrillAnswer.drill_id).where(DrillAnswer.user_id == user_id)
        return set((await self._session.exec(query)).all())

    async def find(self, user_id: str, drill_id: str) -> DrillAnswer | None:
        query = select(DrillAnswer).where(
            DrillAnswer.user_id == user_id, DrillAnswer.drill_id == drill_id
        )
        return (await self._session.exec(query)).first()

    async def newest(self, user_id: str, limit: int) -> list[DrillAnswer]:
        query = (
            select(DrillAnswer)
            .where(DrillAnswer.user_id == user_id)
            .order_by(col(DrillAnswer.answered_at).desc(), col(DrillAnswer.id).desc())
            .limit(limit)
        )
        return list((await self._session.exec(query)).all())

    async def outcomes(self, user_id: str) -> list[tuple[str, bool]]:
        query = select(DrillAnswer.drill_type, DrillAnswer.is_correct).where(
            DrillAnswer.user_id == user_id
        )
        return [(t, bool(c)) for t, c in (await self._session.exec(query)).all()]


class Activities:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, activity_id: str) -> Activity | None:
        return await self._session.get(Activity, activity_id)

    def add(self, activity: Activity) -> None:
        self._session.add(activity)

    async def of_users(self, user_ids: set[str]) -> list[Activity]:
        query = select(Activity).where(col(Activity.user_id).in_(user_ids))
        return list((await self._session.exec(query.order_by(col(Activity.occurred_at)))).all())

    async def active_users_since(self, since: datetime) -> int:
        query = select(func.count(func.distinct(Activity.user_id))).where(
            col(Activity.occurred_at) >= since, col(Activity.completed)
        )
        return int((await self._session.exec(query)).one())

    async def all(self) -> list[Activity]:
        return list((await self._session.exec(select(Activity).order_by(col(Activity.id)))).all())


class People:
    """Users and enrolments as identity and content announced them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def user(self, user_id: str) -> KnownUser | None:
        return await self._session.get(KnownUser, user_id)

    def add(self, row: KnownUser | Enrolment) -> None:
        self._session.add(row)

    async def users(self, user_ids: set[str]) -> dict[str, KnownUser]:
        query = select(KnownUser).where(col(KnownUser.user_id).in_(user_ids))
        return {u.user_id: u for u in (await self._session.exec(query)).all()}

    async def enrolment(self, subject_id: str, user_id: str) -> Enrolment | None:
        return await self._session.get(Enrolment, (subject_id, user_id))

    async def enrolled_in(self, subject_ids: set[str]) -> list[Enrolment]:
        query = select(Enrolment).where(col(Enrolment.subject_id).in_(subject_ids))
        return list((await self._session.exec(query.order_by(col(Enrolment.user_id)))).all())

    async def users_by_role(self) -> dict[str, int]:
        query = select(KnownUser.role, func.count()).group_by(col(KnownUser.role))
        return {role: int(n) for role, n in (await self._session.exec(query)).all()}


class PlatformCounts:
    """Counts over the catalogue read model and practice's own work, for the admin."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def items_by_kind(self) -> dict[str, int]:
        query = select(ContentView.kind, func.count()).group_by(col(ContentView.kind))
        return {kind: int(n) for kind, n in (await self._session.exec(query)).all()}

    async def responses(self) -> int:
        return int((await self._session.exec(select(func.count()).select_from(Response))).one())

    async def drill_answers(self) -> int:
        query = select(func.count()).select_from(DrillAnswer)
        return int((await self._session.exec(query)).one())

    async def submissions_by_type_and_verdict(self) -> list[tuple[str, str | None, int]]:
        query = select(Submission.type, Submission.verdict, func.count()).group_by(
            col(Submission.type), col(Submission.verdict)
        )
        return [(t, v, int(n)) for t, v, n in (await self._session.exec(query)).all()]


async def design_seconds(session: AsyncSession, user_id: str) -> int:
    """Time the learner spent in design sessions, as the sessions reported it."""
    query = select(func.coalesce(func.sum(DesignSession.time_spent), 0)).where(
        DesignSession.user_id == user_id
    )
    return int((await session.exec(query)).one())


class ReadModels:
    """Everything practice derives from other services' events or from its own work."""

    TABLES = (Activity, Enrolment, KnownUser, ContentView)

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def clear(self) -> None:
        for table in self.TABLES:
            await self._session.exec(delete(table))

    async def evaluated_submissions(self) -> list[Submission]:
        query = select(Submission).where(col(Submission.evaluated_at).is_not(None))
        return list((await self._session.exec(query.order_by(col(Submission.id)))).all())

    async def drill_answers(self) -> list[DrillAnswer]:
        query = select(DrillAnswer).order_by(col(DrillAnswer.id))
        return list((await self._session.exec(query)).all())
