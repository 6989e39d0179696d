"""Queries over practice's tables."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from contracts.catalogue import CatalogueItem, Kind, parse_item
from practice.db.tables import (
    Attempt,
    AttemptStep,
    BugHuntAttempt,
    ContentView,
    DebugLabAttempt,
    DesignChatMessage,
    DesignSession,
    Response,
    Skill,
    Submission,
)
from practice.domain.attempts import FINISHED, AttemptState
from practice.domain.debug_lab import DebugLabStatus
from practice.domain.design import OPEN

Row = TypeVar("Row", bound=SQLModel)

logger = logging.getLogger(__name__)


async def _page(
    session: AsyncSession, query: SelectOfScalar[Row], *order: Any, limit: int, offset: int
) -> tuple[list[Row], int]:
    """One page of `query` in `order`, and how many rows it has in all."""
    total = (await session.exec(select(func.count()).select_from(query.subquery()))).one()
    rows = await session.exec(query.order_by(*order).limit(limit).offset(offset))
    return list(rows.all()), int(total)


class _Owned(Generic[Row]):
    """Rows that belong to one learner: someone else's read as missing."""

    model: ClassVar[type[Any]]
    newest_first_by: ClassVar[str] = "started_at"

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, row: Row) -> None:
        self._session.add(row)

    async def get(self, row_id: str) -> Row | None:
        row: Row | None = await self._session.get(self.model, row_id)
        return row

    async def get_for_user(self, row_id: str, user_id: str) -> Row | None:
        row = await self.get(row_id)
        return row if row is not None and getattr(row, "user_id", None) == user_id else None

    async def page(
        self, *, user_id: str, limit: int, offset: int, **filters: str | None
    ) -> tuple[list[Row], int]:
        """The learner's rows, newest first, narrowed by each filter that is given."""
        query = select(self.model).where(self.model.user_id == user_id)
        for name, value in filters.items():
            if value is not None:
                query = query.where(getattr(self.model, name) == value)
        order = (col(getattr(self.model, self.newest_first_by)).desc(), col(self.model.id))
        return await _page(self._session, query, *order, limit=limit, offset=offset)


class ContentViews:
    """The catalogue as content announced it, read back as typed items."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, item_id: str) -> ContentView | None:
        return await self._session.get(ContentView, item_id)

    async def item(self, item_id: str) -> CatalogueItem | None:
        """The item, or None when it is unknown or its stored row no longer validates."""
        view = await self.get(item_id)
        return None if view is None else _typed(view)

    async def items_of(self, kind: Kind) -> list[CatalogueItem]:
        """Every item of `kind` that validates; a row that does not is left out."""
        query = select(ContentView).where(ContentView.kind == kind).order_by(col(ContentView.id))
        rows = (await self._session.exec(query)).all()
        return [item for view in rows if (item := _typed(view)) is not None]

    def add(self, view: ContentView) -> None:
        self._session.add(view)

    async def delete(self, view: ContentView) -> None:
        await self._session.delete(view)


def _typed(view: ContentView) -> CatalogueItem | None:
    """The row as its kind's model; rows written from version-1 events are validated too."""
    try:
        return parse_item(view.kind, view.data)
    except (ValidationError, ValueError) as error:  # ValueError: a kind no model knows
        logger.warning(
            "catalogue item left out: it does not validate",
            extra={"item_id": view.id, "kind": view.kind, "error": str(error)[:500]},
        )
        return None


class Attempts(_Owned[Attempt]):
    model = Attempt

    async def active_for(self, user_id: str, problem_id: str) -> Attempt | None:
        query = (
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.problem_id == problem_id)
            .where(col(Attempt.state).not_in([s.value for s in FINISHED]))
            .order_by(col(Attempt.started_at).desc())
        )
        return (await self._session.exec(query)).first()

    async def completed_at_level(self, user_id: str, pattern: str, rung: int) -> list[Attempt]:
        """The learner's completed attempts at one pattern and rung, newest first."""
        query = (
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.pattern == pattern, Attempt.rung == rung)
            .where(Attempt.state == AttemptState.COMPLETED)
            .order_by(col(Attempt.completed_at).desc())
        )
        return list((await self._session.exec(query)).all())

    async def completed_of_user(self, user_id: str) -> list[Attempt]:
        query = select(Attempt).where(
            Attempt.user_id == user_id, Attempt.state == AttemptState.COMPLETED
        )
        return list((await self._session.exec(query)).all())

    async def completed_problems(self, user_id: str) -> set[str]:
        query = select(Attempt.problem_id).where(
            Attempt.user_id == user_id, Attempt.state == AttemptState.COMPLETED
        )
        return set((await self._session.exec(query)).all())


class AttemptSteps:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, step: AttemptStep) -> None:
        self._session.add(step)

    async def get(self, step_id: str) -> AttemptStep | None:
        return await self._session.get(AttemptStep, step_id)

    async def first_of(self, attempt_id: str, step_type: str) -> AttemptStep | None:
        query = select(AttemptStep).where(
            AttemptStep.attempt_id == attempt_id, AttemptStep.type == step_type
        )
        return (await self._session.exec(query)).first()


class Skills:
    """A learner's skill rows, one per pattern and rung attempted to completion."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: str, pattern: str, rung: int) -> Skill | None:
        return await self._session.get(Skill, (user_id, pattern, rung))

    async def of_user(self, user_id: str) -> list[Skill]:
        query = (
            select(Skill)
            .where(Skill.user_id == user_id)
            .order_by(col(Skill.pattern), col(Skill.rung))
        )
        return list((await self._session.exec(query)).all())

    def add(self, skill: Skill) -> None:
        self._session.add(skill)


class Submissions(_Owned[Submission]):
    model = Submission
    newest_first_by = "created_at"

    async def stuck(self, *, status: str, before: datetime, max_redrives: int) -> list[Submission]:
        query = (
            select(Submission)
            .where(Submission.status == status, col(Submission.queued_at) < before)
            .where(col(Submission.redrives) < max_redrives)
            .order_by(col(Submission.queued_at))
            .limit(100)
        )
        return list((await self._session.exec(query)).all())

    async def judged_code(self, attempt_id: str) -> list[Submission]:
        """The attempt's evaluated code submissions, newest first."""
        query = (
            select(Submission)
            .where(Submission.attempt_id == attempt_id, Submission.type == "code")
            .where(col(Submission.evaluated_at).is_not(None))
            .order_by(col(Submission.evaluated_at).desc())
        )
        return list((await self._session.exec(query)).all())


class Responses(_Owned[Response]):
    model = Response
    newest_first_by = "created_at"


class DesignSessions(_Owned[DesignSession]):
    model = DesignSession

    async def open_for(self, user_id: str, problem_id: str) -> DesignSession | None:
        query = select(DesignSession).where(
            DesignSession.user_id == user_id,
            DesignSession.problem_id == problem_id,
            col(DesignSession.status).in_([s.value for s in OPEN]),
        )
        return (await self._session.exec(query)).first()

    async def count_open(self, user_id: str) -> int:
        query = select(func.count()).where(
            DesignSession.user_id == user_id,
            col(DesignSession.status).in_([s.value for s in OPEN]),
        )
        return int((await self._session.exec(query)).one())


class DesignChatMessages:
    """A design session's chat, in the order it was written (the session's owner is checked)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, message: DesignChatMessage) -> None:
        self._session.add(message)

    async def count(self, session_id: str) -> int:
        query = select(func.count()).where(DesignChatMessage.session_id == session_id)
        return int((await self._session.exec(query)).one())

    async def latest(self, session_id: str, *, limit: int) -> list[DesignChatMessage]:
        """The last `limit` messages, oldest first."""
        query = (
            select(DesignChatMessage)
            .where(DesignChatMessage.session_id == session_id)
            .order_by(col(DesignChatMessage.id).desc())
            .limit(limit)
        )
        return list(reversed((await self._session.exec(query)).all()))

    async def page(
        self, session_id: str, *, limit: int, offset: int
    ) -> tuple[list[DesignChatMessage], int]:
        """One page of the chat, oldest first."""
        query = select(DesignChatMessage).where(DesignChatMessage.session_id == session_id)
        order = col(DesignChatMessage.id)
        return await _page(self._session, query, order, limit=limit, offset=offset)


class BugHuntAttempts(_Owned[BugHuntAttempt]):
    model = BugHuntAttempt

    async def count_for(self, user_id: str, item_id: str) -> int:
        query = select(func.count()).where(
            BugHuntAttempt.user_id == user_id, BugHuntAttempt.item_id == item_id
        )
        return int((await self._session.exec(query)).one())


class DebugLabAttempts(_Owned[DebugLabAttempt]):
    model = DebugLabAttempt

    async def passed_items(self, user_id: str) -> set[str]:
        query = select(DebugLabAttempt.item_id).where(
            DebugLabAttempt.user_id == user_id, DebugLabAttempt.status == DebugLabStatus.PASSED
        )
        return set((await self._session.exec(query)).all())
