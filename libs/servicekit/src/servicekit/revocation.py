"""Revoked access tokens by `jti`, kept until the token would have expired anyway."""

from __future__ import annotations

import time
from collections.abc import Collection

from redis.asyncio import Redis

KEY_PREFIX = "whetstone:revoked:"


class MemoryDenylist:
    """One process's view; enough for a single instance and for tests."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    async def revoke(self, jti: str, expires_at: int) -> None:
        self._until[jti] = expires_at
        now = time.time()
        for key in [k for k, until in self._until.items() if until < now]:
            del self._until[key]

    async def is_revoked(self, jti: str) -> bool:
        until = self._until.get(jti)
        return until is not None and until >= time.time()

    async def revoked_among(self, jtis: Collection[str]) -> set[str]:
        now = time.time()
        return {jti for jti in jtis if self._until.get(jti, -1.0) >= now}


class RedisDenylist:
    """Shared by every service and replica; entries expire with the token."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def revoke(self, jti: str, expires_at: int) -> None:
        ttl = max(1, int(expires_at - time.time()) + 1)
        await self._redis.set(KEY_PREFIX + jti, b"1", ex=ttl)

    async def is_revoked(self, jti: str) -> bool:
        return bool(await self._redis.exists(KEY_PREFIX + jti))

    async def revoked_among(self, jtis: Collection[str]) -> set[str]:
        """Which of `jtis` are revoked, in one round trip (for sockets that outlive a request)."""
        ordered = list(jtis)
        if not ordered:
            return set()
        async with self._redis.pipeline(transaction=False) as pipe:
            for jti in ordered:
                pipe.exists(KEY_PREFIX + jti)
            found = await pipe.execute()
        return {jti for jti, hit in zip(ordered, found, strict=True) if hit}
