"""One holder at a time among a service's replicas: PostgreSQL advisory locks, keyed by name.

The outbox relay holds a `Lease` so only one replica publishes (two would reorder one key's
events); migrations hold `migration_lock` so N replicas starting together migrate once.
A session-level advisory lock lives exactly as long as its connection: a holder that dies
hands the lease over when PostgreSQL notices the connection is gone (the lease connection
asks for TCP keepalives, so that is seconds, not the kernel's two hours).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from servicekit.db import Database

logger = logging.getLogger(__name__)

# Server-side keepalives on the lease connection: a vanished holder is dropped in ~25 s.
LEASE_KEEPALIVES = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for `name` (the same in every replica)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Lease(Protocol):
    """Whether this process is the one that may act now."""

    @property
    def held(self) -> bool:
        """What the last `hold` found."""
        ...

    async def hold(self) -> bool:
        """Keep the lease, or take it when it is free; False while another process holds it."""
        ...

    async def release(self) -> None: ...


class SoleLease:
    """Always held: SQLite (local mode) serves one process, so there is no one to exclude."""

    held = True

    async def hold(self) -> bool:
        return True

    async def release(self) -> None:
        pass


class AdvisoryLease:
    """`pg_try_advisory_lock` on a connection of its own, kept open while the lease is held."""

    def __init__(self, url: str, name: str, *, answer_seconds: float = 5.0) -> None:
        self.name = name
        # A lease that cannot be confirmed in time counts as lost: a holder cut off from the
        # database stops publishing rather than hang (or publish beside the next holder).
        self._answer_seconds = answer_seconds
        self._key = lock_key(name)
        options: dict[str, Any] = {"poolclass": NullPool, "isolation_level": "AUTOCOMMIT"}
        if make_url(url).get_driver_name() == "asyncpg":
            options["connect_args"] = {"server_settings": LEASE_KEEPALIVES}
        self._engine = create_async_engine(url, **options)
        self._connection: AsyncConnection | None = None
        self.held = False

    async def hold(self) -> bool:
        try:
            async with asyncio.timeout(self._answer_seconds):
                if self._connection is None:
                    self._connection = await self._engine.connect()
                if self.held:
                    await self._connection.execute(text("SELECT 1"))  # alive: still ours
                    return True
                query = select(func.pg_try_advisory_lock(self._key))
                self.held = bool((await self._connection.execute(query)).scalar_one())
            if self.held:
                logger.info("took the lease", extra={"lease": self.name})
        except Exception as exc:
            if self.held:
                logger.warning("lost the lease", extra={"lease": self.name, "error": str(exc)})
            else:
                logger.debug("could not ask for the lease", extra={"error": str(exc)})
            await self._drop()
        return self.held

    async def release(self) -> None:
        """Let another replica take over now rather than when this process is gone."""
        if self._connection is not None and self.held:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._answer_seconds):
                    await self._connection.execute(select(func.pg_advisory_unlock(self._key)))
        await self._drop()
        await self._engine.dispose()

    async def _drop(self) -> None:
        connection, self._connection, self.held = self._connection, None, False
        if connection is not None:
            with contextlib.suppress(Exception):  # the socket may be gone already
                async with asyncio.timeout(self._answer_seconds):
                    await connection.close()


def lease_for(database: Database, name: str) -> Lease:
    """An advisory lease on PostgreSQL; on SQLite one process runs, so it always holds."""
    if database.is_sqlite:
        return SoleLease()
    return AdvisoryLease(database.url, name)
