"""Identity's keys and revocations as read from its topics, on records handed in directly."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from contracts import Envelope, Event
from contracts.identity import AccessTokenRevoked
from servicekit import trust as trust_module
from servicekit.auth import TokenVerifier, UnknownSigningKey
from servicekit.testing.tokens import TokenFactory
from servicekit.trust import BrokerTrust, StaleRevocations


@dataclass
class Record:
    value: bytes


def record(event: Event) -> Record:
    return Record(Envelope.wrap(event, producer="identity").model_dump_json().encode())


@pytest.fixture
def trust() -> BrokerTrust:
    return BrokerTrust("127.0.0.1:1", max_staleness=30.0, client_id="test")


def caught_up(trust: BrokerTrust) -> None:
    trust.reader.synced_at = float("inf")  # as if it had just read every partition to its end


def verifier(trust: BrokerTrust, factory: TokenFactory) -> TokenVerifier:
    return TokenVerifier(trust, issuer=factory.issuer, audience=factory.audience)


async def test_a_published_key_verifies_until_its_end(trust: BrokerTrust) -> None:
    factory = TokenFactory(kid=f"k-{uuid.uuid4().hex[:8]}")
    trust.take(record(factory.published()))  # type: ignore[arg-type]
    assert verifier(trust, factory).verify(factory.token()).role == "student"
    trust.take(record(factory.published(datetime.now(UTC) - timedelta(seconds=1))))  # type: ignore[arg-type]
    with pytest.raises(UnknownSigningKey):
        verifier(trust, factory).verify(factory.token())


async def test_a_late_copy_of_an_older_record_does_not_revive_a_retired_key(
    trust: BrokerTrust,
) -> None:
    factory = TokenFactory()
    trust.take(record(factory.published(datetime.now(UTC) - timedelta(seconds=1))))  # type: ignore[arg-type]
    trust.take(record(factory.published(None)))  # type: ignore[arg-type]
    with pytest.raises(UnknownSigningKey):
        verifier(trust, factory).verify(factory.token())


async def test_what_is_not_identitys_event_is_skipped(trust: BrokerTrust) -> None:
    trust.take(Record(b"not json"))  # type: ignore[arg-type]
    trust.take(Record(b'{"event_type": "nobody.knows", "payload": {}}'))  # type: ignore[arg-type]
    caught_up(trust)
    assert await trust.revoked_among({"a"}) == set()


async def test_a_revoked_token_is_refused_until_it_would_have_expired(trust: BrokerTrust) -> None:
    caught_up(trust)
    now = int(time.time())
    trust.take(record(AccessTokenRevoked(jti="live", expires_at=now + 60)))  # type: ignore[arg-type]
    trust.take(record(AccessTokenRevoked(jti="gone", expires_at=now - 60)))  # type: ignore[arg-type]
    assert await trust.is_revoked("live")
    assert not await trust.is_revoked("gone")
    assert await trust.revoked_among({"live", "gone", "other"}) == {"live"}


async def test_revocations_not_read_recently_fail_closed(
    trust: BrokerTrust, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trust_module, "CATCH_UP_WAIT_SECONDS", 0.01)
    with pytest.raises(StaleRevocations):  # never read
        await trust.is_revoked("any")
    with pytest.raises(StaleRevocations):
        await trust.check()
    trust.reader.synced_at = -1e9  # read, long ago
    with pytest.raises(StaleRevocations):
        await trust.is_revoked("any")
    caught_up(trust)
    assert not await trust.is_revoked("any")
    await trust.check()


async def test_an_unknown_key_waits_for_the_reader_to_catch_up_once(
    trust: BrokerTrust, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = TokenFactory()
    assert trust.public_key(factory.kid) is None
    assert not await trust.reloaded(0.01)  # no catch-up came
    assert not await trust.reloaded(0.01)  # and a second wait needs a second miss
    trust.public_key(factory.kid)
    caught_up(trust)
    assert await trust.reloaded(0.01)
