"""A denylist (Redis) that cannot answer fails closed, as a 503 the client may retry."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from servicekit.auth import is_revoked
from servicekit.errors import Unavailable
from servicekit.revocation import MemoryDenylist


class AwayDenylist(MemoryDenylist):
    async def is_revoked(self, jti: str) -> bool:
        raise RedisConnectionError("Connection refused")


async def test_a_denylist_that_cannot_answer_refuses_with_503_and_retry_after() -> None:
    with pytest.raises(Unavailable) as refused:
        await is_revoked(AwayDenylist(), "jti-1")
    assert (refused.value.status, refused.value.code) == (503, "DENYLIST_UNAVAILABLE")
    assert refused.value.headers == {"Retry-After": "5"}


async def test_a_denylist_that_answers_decides() -> None:
    denylist = MemoryDenylist()
    await denylist.revoke("jti-1", expires_at=2**40)
    assert await is_revoked(denylist, "jti-1")
    assert not await is_revoked(denylist, "jti-2")
