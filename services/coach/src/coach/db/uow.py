"""Coach's unit of work: its repositories and passage index over one servicekit transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from coach.db.repositories import Catalogue, Chats, Feedbacks, Generations
from coach.retrieval.fulltext import PostgresPassageIndex, SqlitePassageIndex
from contracts import Envelope, Event
from servicekit.db import UnitOfWork
from servicekit.runtime import Runtime


class SqlCoachUnitOfWork:
    def __init__(self, uow: UnitOfWork, *, sqlite: bool) -> None:
        self._uow = uow
        self.catalogue = Catalogue(uow.session)
        self.chats = Chats(uow.session)
        self.feedback = Feedbacks(uow.session)
        self.generation = Generations(uow.session)
        self.passages = (
            SqlitePassageIndex(uow.session) if sqlite else PostgresPassageIndex(uow.session)
        )

    def raise_event(self, event: Event) -> Envelope:
        return self._uow.raise_event(event)

    async def commit(self) -> None:
        await self._uow.commit()


def wrap(runtime: Runtime, uow: UnitOfWork) -> SqlCoachUnitOfWork:
    assert runtime.database is not None
    return SqlCoachUnitOfWork(uow, sqlite=runtime.database.is_sqlite)


@asynccontextmanager
async def coach_unit_of_work(runtime: Runtime) -> AsyncIterator[SqlCoachUnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield wrap(runtime, uow)
