"""Login throttling per account and per client address (fixed one-minute windows)."""

from __future__ import annotations

import time
from collections import defaultdict

from redis.asyncio import Redis

WINDOW_SECONDS = 60


class LoginThrottle:
    """Counts failed logins; Redis when configured so every replica shares the count."""

    def __init__(self, limit: int, redis: Redis | None = None) -> None:
        self._limit = limit
        self._redis = redis
        self._counts: dict[str, int] = defaultdict(int)

    async def retry_after(self, *keys: str) -> int:
        """Seconds to wait if any key is over the limit, else 0."""
        window = int(time.time()) // WINDOW_SECONDS
        for key in keys:
            if await self._count(f"{key}:{window}") >= self._limit:
                return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
        return 0

    async def failed(self, *keys: str) -> None:
        window = int(time.time()) // WINDOW_SECONDS
        for key in keys:
            name = f"{key}:{window}"
            if self._redis is not None:
                await self._redis.incr(f"whetstone:login:{name}")
                await self._redis.expire(f"whetstone:login:{name}", WINDOW_SECONDS * 2)
            else:
                self._counts[name] += 1

    async def _count(self, name: str) -> int:
        if self._redis is not None:
            return int(await self._redis.get(f"whetstone:login:{name}") or 0)
        return self._counts.get(name, 0)
