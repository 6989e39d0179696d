"""Keys and revocations read from identity's topics on the real broker, as evaluation does."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from contracts.identity import AccessTokenRevoked
from servicekit.auth import TokenVerifier
from servicekit.messaging import ensure_topics
from servicekit.testing.events import EventPublisher
from servicekit.testing.tokens import TokenFactory
from servicekit.trust import TOPICS, BrokerTrust

pytestmark = pytest.mark.integration


@pytest.fixture
async def trust(kafka_bootstrap: str) -> AsyncIterator[BrokerTrust]:
    await ensure_topics(kafka_bootstrap, TOPICS)
    trust = BrokerTrust(kafka_bootstrap, max_staleness=30.0, client_id="test-trust")
    task = asyncio.create_task(trust.reader.run())
    try:
        yield trust
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def revoked_soon(trust: BrokerTrust, jti: str) -> None:
    async with asyncio.timeout(30):
        while not await trust.is_revoked(jti):
            await trust.reader.synced.wait()


async def test_a_key_identity_published_verifies_and_a_revocation_reaches_the_reader(
    kafka_bootstrap: str, trust: BrokerTrust
) -> None:
    factory = TokenFactory(kid=f"k-{uuid.uuid4().hex[:12]}")
    verifier = TokenVerifier(trust, issuer=factory.issuer, audience=factory.audience)
    async with EventPublisher(kafka_bootstrap) as publisher:
        await publisher.send(factory.published(), producer="identity")
        # The reader may not have read it yet: a miss waits for its next catch-up.
        token = factory.token(user_id="u-1")
        principal = await verifier.authenticate(token)
        assert principal.user_id == "u-1"
        assert not await trust.is_revoked(principal.jti)
        revoked = AccessTokenRevoked(jti=principal.jti, expires_at=int(time.time()) + 60)
        await publisher.send(revoked, producer="identity")
    await revoked_soon(trust, principal.jti)
    await trust.check()
