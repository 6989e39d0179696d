"""Identity's unit of work: its repositories over one servicekit transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from contracts import Envelope, Event
from identity.db.repositories import Sessions, SigningKeys, Users
from identity.domain.errors import AlreadyExists
from servicekit.db import UnitOfWork
from servicekit.runtime import Runtime


class SqlIdentityUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.users = Users(uow.session)
        self.sessions = Sessions(uow.session)
        self.signing_keys = SigningKeys(uow.session)

    def raise_event(self, event: Event) -> Envelope:
        return self._uow.raise_event(event)

    async def commit(self) -> None:
        try:
            await self._uow.commit()
        except IntegrityError as exc:
            # The only unique columns a request can collide on: a concurrent writer won.
            raise AlreadyExists() from exc


@asynccontextmanager
async def identity_unit_of_work(runtime: Runtime) -> AsyncIterator[SqlIdentityUnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield SqlIdentityUnitOfWork(uow)
