"""The contract's rate limits, counted in Redis (or in this process when there is none)."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Protocol, cast

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from redis.asyncio import Redis
from redis.exceptions import RedisError

from servicekit.errors import RateLimited

logger = logging.getLogger(__name__)

_ID = r"[^/]+"
# Which requests each named limit covers (method, path pattern under /api/v1). Every route that
# starts judge work is in `runs` (code run in a sandbox) or `answers` (an answer to score).
SCOPES: dict[str, tuple[str, re.Pattern[str]]] = {
    "auth": ("POST", re.compile(r"^/api/v1/auth/(login|register|token|refresh)/?$")),
    "runs": (
        "POST",
        re.compile(
            rf"^/api/v1/(runs(/trace)?|attempts/{_ID}/submissions"
            rf"|debug-lab/attempts/{_ID}/(run-tests|submit))/?$"
        ),
    ),
    "answers": (
        "POST",
        re.compile(
            rf"^/api/v1/(responses|design-sessions/{_ID}/submit|bug-hunt/attempts/{_ID}/submit"
            rf"|debug-lab/attempts/{_ID}/triage)/?$"
        ),
    ),
    "feedback": ("*", re.compile(r"^/api/v1/(responses/[^/]+/feedback|coach/feedback)")),
    # Each message is a model call in the coach; the tutor's /chat counts its own (seed 003).
    "chat": ("POST", re.compile(rf"^/api/v1/design-sessions/{_ID}/chat/?$")),
    "interviews": ("*", re.compile(r"^/api/v1/interviews(/|$)")),
    "questions": ("*", re.compile(r"^/api/v1/questions(/|$)")),
}
DEFAULT_LIMITS = {
    "auth": "5/minute",
    "interviews": "60/minute",
    "questions": "100/minute",
    "feedback": "30/minute",
    "runs": "30/minute",
    "answers": "30/minute",
    "chat": "10/minute",  # seed 003's chat limit; seed 004 names none
}
PER_ADDRESS = frozenset({"auth"})  # before login there is no user to count
MAX_SPENT_WINDOWS = 100_000  # refusals remembered in this process (past that, Redis decides)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, self.reset_seconds))
        return headers


class Windows(Protocol):
    """Fixed-window counters: one hit counts and says when its window resets."""

    async def hit(self, key: str, expiry_seconds: int) -> tuple[int, float]: ...

    async def close(self) -> None: ...


class MemoryWindows:
    """In this process, for local mode and one replica."""

    def __init__(self) -> None:
        self._storage = MemoryStorage()

    async def hit(self, key: str, expiry_seconds: int) -> tuple[int, float]:
        count = await self._storage.incr(key, expiry_seconds)
        return count, await self._storage.get_expiry(key)

    async def close(self) -> None:
        pass


# Count, start the window on its first hit, and say when it resets: one round trip.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
"""


class RedisWindows:
    """Shared by every gateway replica."""

    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(url)
        self._hit = self.redis.register_script(_HIT)

    async def hit(self, key: str, expiry_seconds: int) -> tuple[int, float]:
        count, ttl_ms = cast(list[int], await self._hit(keys=[key], args=[expiry_seconds]))
        return count, time.time() + max(ttl_ms, 0) / 1000

    async def close(self) -> None:
        await self.redis.aclose()


class TooManyRequests(RateLimited):
    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("Too many requests; slow down", headers=headers)


class RateLimits:
    def __init__(self, limits: dict[str, str], redis_url: str | None) -> None:
        self._items: dict[str, RateLimitItem] = {
            name: parse(limits.get(name, default)) for name, default in DEFAULT_LIMITS.items()
        }
        self.windows: Windows = RedisWindows(redis_url) if redis_url else MemoryWindows()
        # While Redis is away each replica counts on its own: limits still hold, per replica
        # (N replicas let up to N times the limit through), and the gateway keeps serving.
        self._local = MemoryWindows()
        self._shared_away = False
        # Windows already spent, key -> when they reset: until then a refusal needs no round
        # trip, so a client hammering past its limit costs this process little and Redis nothing.
        self._spent: dict[str, float] = {}

    @staticmethod
    def scope_of(method: str, path: str) -> str | None:
        for name, (wanted, pattern) in SCOPES.items():
            if wanted in ("*", method) and pattern.match(path):
                return name
        return None

    async def check(self, scope: str, *, user_id: str | None, address: str) -> Decision:
        """Count one request against `scope` for this user (or address) and decide."""
        item = self._items[scope]
        who = f"ip:{address}" if scope in PER_ADDRESS or user_id is None else f"user:{user_id}"
        key = item.key_for(scope, who)
        now = time.time()
        spent_until = self._spent.get(key)
        if spent_until is not None:
            if now < spent_until:
                return Decision(False, item.amount, 0, max(1, int(spent_until - now)))
            del self._spent[key]
        count, resets_at = await self._hit(key, item.get_expiry())
        if count > item.amount:
            self._forget_lapsed(now)
            self._spent[key] = resets_at
        reset = max(0, int(resets_at - now))
        return Decision(count <= item.amount, item.amount, max(0, item.amount - count), reset)

    async def _hit(self, key: str, expiry_seconds: int) -> tuple[int, float]:
        try:
            hit = await self.windows.hit(key, expiry_seconds)
        except (RedisError, OSError) as exc:
            if not self._shared_away:
                logger.warning("rate limits counted per replica: Redis is away: %s", exc)
            self._shared_away = True
            return await self._local.hit(key, expiry_seconds)
        if self._shared_away:
            logger.info("rate limits counted in Redis again")
            self._shared_away = False
        return hit

    async def enforce(self, scope: str, *, user_id: str | None, address: str) -> Decision:
        """`check`, refusing with 429 (and its headers) past the limit."""
        decision = await self.check(scope, user_id=user_id, address=address)
        if not decision.allowed:
            raise TooManyRequests(decision.headers())
        return decision

    async def close(self) -> None:
        await self.windows.close()

    def _forget_lapsed(self, now: float) -> None:
        # Bounded by the clients over a limit within one window; swept as new ones arrive.
        if len(self._spent) >= MAX_SPENT_WINDOWS:
            for key in [key for key, until in self._spent.items() if until <= now]:
                del self._spent[key]
            if len(self._spent) >= MAX_SPENT_WINDOWS:
                self._spent.clear()
