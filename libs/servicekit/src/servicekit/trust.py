"""Identity's signing keys and revoked tokens, as read from its topics.

For a service that reaches only the broker and its database (evaluation: its network policy
lets nothing else through), this stands in for identity's JWKS and the shared Redis denylist.
It fails closed: no revocation is assumed absent unless what was read is recent enough
(`max_staleness`), and a key verifies only until the end identity gave it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection
from datetime import datetime
from typing import Any

from aiokafka import ConsumerRecord
from faststream.security import BaseSecurity
from jwt.algorithms import RSAAlgorithm
from pydantic import ValidationError

from contracts import Envelope, UnknownEventError, decode_payload
from contracts.identity import AccessTokenRevoked, SigningKeyPublished
from contracts.topics import IDENTITY_REVOCATIONS, IDENTITY_SIGNING_KEYS
from servicekit.topicreader import TopicReader
from servicekit.waiting import wait_set

logger = logging.getLogger(__name__)
TOPICS = (IDENTITY_SIGNING_KEYS, IDENTITY_REVOCATIONS)
# How long a request waits for the reader to catch up before it is refused as unavailable.
CATCH_UP_WAIT_SECONDS = 5.0


class StaleRevocations(ConnectionError):
    """What was read of the revocations is too old to trust that a token is not among them."""


class BrokerTrust:
    """A key provider and a denylist, kept by a reader of identity's topics from their start."""

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        max_staleness: float,
        client_id: str,
        security: BaseSecurity | None = None,
    ) -> None:
        self._max_staleness = max_staleness
        self._keys: dict[str, tuple[Any, datetime | None]] = {}
        self._revoked: dict[str, int] = {}
        self._missed_at: float | None = None
        self.reader = TopicReader(
            bootstrap_servers,
            TOPICS,
            self.take,
            from_beginning=True,
            client_id=client_id,
            security=security,
        )

    def take(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            event = decode_payload(Envelope.model_validate_json(record.value or b""))
        except (ValidationError, UnknownEventError, ValueError) as exc:
            logger.warning("skipped a record that is not identity's", extra={"error": str(exc)})
            return
        if isinstance(event, SigningKeyPublished):
            self._take_key(event)
        elif isinstance(event, AccessTokenRevoked):
            self._remember(event.jti, event.expires_at)

    def _take_key(self, event: SigningKeyPublished) -> None:
        until = event.verify_until
        known = self._keys.get(event.kid)
        if known is not None and known[1] is not None:
            # The earliest end wins: a late copy of an older record must not revive a key.
            until = known[1] if until is None else min(until, known[1])
        self._keys[event.kid] = (RSAAlgorithm.from_jwk(event.jwk()), until)

    def _remember(self, jti: str, expires_at: int) -> None:
        now = time.time()
        if expires_at >= now:
            self._revoked[jti] = expires_at
        if len(self._revoked) % 1024 == 0:  # now and then, forget what has expired anyway
            self._revoked = {k: until for k, until in self._revoked.items() if until >= now}

    # As a KeyProvider

    def public_key(self, kid: str) -> Any | None:
        known = self._keys.get(kid)
        if known is None or (known[1] is not None and known[1].timestamp() < time.time()):
            if self._missed_at is None:
                self._missed_at = asyncio.get_running_loop().time()
            return None
        return known[0]

    async def reloaded(self, within: float) -> bool:
        """After a miss: wait for the reader to catch up with what was published by then."""
        missed_at, self._missed_at = self._missed_at, None
        return missed_at is not None and await self._caught_up_since(missed_at, within)

    # As a Denylist

    async def revoke(self, jti: str, expires_at: int) -> None:
        self._remember(jti, expires_at)

    async def is_revoked(self, jti: str) -> bool:
        return bool(await self.revoked_among((jti,)))

    async def revoked_among(self, jtis: Collection[str]) -> set[str]:
        """Raises StaleRevocations when the reader has not caught up recently, nor does soon."""
        since = asyncio.get_running_loop().time() - self._max_staleness
        if not await self._caught_up_since(since, CATCH_UP_WAIT_SECONDS):
            raise StaleRevocations("identity's revocations have not been read recently")
        now = time.time()
        return {jti for jti in jtis if self._revoked.get(jti, -1) >= now}

    async def check(self) -> None:
        """For /ready: raises while what was read is too old to trust."""
        since = asyncio.get_running_loop().time() - self._max_staleness
        if not self._caught_up_with(since):
            raise StaleRevocations("identity's topics have not been read recently")

    def _caught_up_with(self, moment: float) -> bool:
        synced_at = self.reader.synced_at
        return synced_at is not None and synced_at >= moment

    async def _caught_up_since(self, moment: float, within: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not self._caught_up_with(moment):
            left = deadline - loop.time()
            if left <= 0 or not await wait_set(self.reader.synced, left):
                return self._caught_up_with(moment)
        return True
