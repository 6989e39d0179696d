"""The profiles table the cache sits in front of (an in-memory fake of it)."""

import asyncio
from collections.abc import Awaitable, Callable


class ProfileDB:
    def __init__(self, rows: dict[str, dict]) -> None:
        self._rows = {user_id: dict(row) for user_id, row in rows.items()}
        self.reads = 0
        # The network between the service and the database; tests replace it to hold a query.
        self.round_trip: Callable[[str], Awaitable[None]] | None = None

    async def _wire(self, user_id: str) -> None:
        if self.round_trip is None:
            await asyncio.sleep(0)
        else:
            await self.round_trip(user_id)

    async def read(self, user_id: str) -> dict:
        """The row as of the moment the query ran; KeyError if there is none."""
        self.reads += 1
        row = self._rows.get(user_id)
        row = None if row is None else dict(row)
        await self._wire(user_id)  # the answer is on its way back
        if row is None:
            raise KeyError(user_id)
        return row

    async def create(self, user_id: str, **fields: str) -> None:
        await self._wire(user_id)
        self._rows[user_id] = dict(fields)

    async def update(self, user_id: str, **fields: str) -> None:
        await self._wire(user_id)
        self._rows[user_id].update(fields)
