"""Login throttling: attempts per key in fixed one-minute windows."""

from __future__ import annotations

import hashlib
import time

from redis.asyncio import Redis

WINDOW_SECONDS = 60
KEY_PREFIX = "whetstone:identity:login:"


class LoginThrottle:
    """Counts attempts; in Redis when configured, so every replica shares the count.

    An attempt is counted before the password is checked, atomically, so a burst of
    concurrent guesses cannot all slip past the check; a success is taken back.
    """

    def __init__(self, limit: int, redis: Redis | None = None) -> None:
        self._limit = limit
        self._redis = redis
        self._window = -1
        self._counts: dict[str, int] = {}  # only the current window's: memory stays bounded

    async def attempt(self, *keys: str) -> int:
        window, elapsed = divmod(int(time.time()), WINDOW_SECONDS)
        counts = [await self._add(key, window, 1) for key in keys]
        return WINDOW_SECONDS - elapsed if max(counts, default=0) > self._limit else 0

    async def forgive(self, *keys: str) -> None:
        window = int(time.time()) // WINDOW_SECONDS
        for key in keys:
            await self._add(key, window, -1)

    async def _add(self, key: str, window: int, delta: int) -> int:
        if self._redis is not None:
            # Hashed: the keys hold email addresses, which have no business sitting in Redis.
            name = f"{KEY_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:32]}:{window}"
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incrby(name, delta)
                pipe.expire(name, WINDOW_SECONDS * 2)
                count, _ = await pipe.execute()
            return int(count)
        if window != self._window:
            self._window, self._counts = window, {}
        self._counts[key] = self._counts.get(key, 0) + delta
        return self._counts[key]
