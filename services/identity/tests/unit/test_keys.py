"""Signing keys on in-memory fakes: the first key, rotation and which key signs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from contracts.identity import SigningKeyPublished
from identity.db.tables import SigningKey
from identity.security.keys import KeyRing
from identity.services.keys import publish_signing_keys, rotate_signing_key, usable_signing_keys

RETAIN = timedelta(days=7)


async def test_the_first_start_makes_one_key_and_later_starts_reuse_it(uow: Any) -> None:
    first = await usable_signing_keys(uow=uow, retain=RETAIN)
    again = await usable_signing_keys(uow=uow, retain=RETAIN)
    assert [k.kid for k in first] == [k.kid for k in again]
    assert len(first) == 1
    assert uow.commits == 1


async def test_rotation_retires_the_current_key_after_the_hand_over(uow: Any) -> None:
    [old] = await usable_signing_keys(uow=uow, retain=RETAIN)
    new = await rotate_signing_key(uow=uow, hand_over=timedelta(minutes=7), retain=RETAIN)
    assert old.retired_at is not None
    assert old.retired_at > datetime.now(UTC) + timedelta(minutes=6)
    assert new.retired_at is None
    assert [k.kid for k in await usable_signing_keys(uow=uow, retain=RETAIN)] == [old.kid, new.kid]
    # Published in the rotation's own transaction: the old key with its end, the new without.
    published = {event.kid: event for event in uow.events}
    assert published[old.kid].verify_until == old.retired_at + RETAIN
    assert published[new.kid].verify_until is None


async def test_every_start_publishes_the_public_half_of_each_usable_key(uow: Any) -> None:
    [key] = await publish_signing_keys(uow=uow, retain=RETAIN)
    [event] = uow.events
    assert isinstance(event, SigningKeyPublished)
    assert (event.kid, event.verify_until) == (key.kid, None)
    ring = KeyRing()
    ring.replace([key])
    token = ring.sign({"sub": "u"})
    assert jwt.decode(token, jwt.PyJWK(event.jwk()).key, algorithms=["RS256"]) == {"sub": "u"}


def _key(kid: str, source: SigningKey, minutes_old: int, retired: int | None = None) -> SigningKey:
    now = datetime.now(UTC)
    retired_at = None if retired is None else now + timedelta(minutes=retired)
    return SigningKey(
        kid=kid,
        private_pem=source.private_pem,
        created_at=now - timedelta(minutes=minutes_old),
        retired_at=retired_at,
    )


def test_a_new_key_signs_only_once_published_long_enough(signing_key: SigningKey) -> None:
    ring = KeyRing(publish_before_use=timedelta(minutes=7))
    ring.replace([_key("old", signing_key, 60, retired=7), _key("new", signing_key, 1)])
    assert ring.signer == "old"
    ring.replace([_key("old", signing_key, 60, retired=-1), _key("new", signing_key, 8)])
    assert ring.signer == "new"
    assert ring.public_key("old") is not None  # retired, still verifies and is published
    assert {k["kid"] for k in ring.jwks()["keys"]} == {"old", "new"}


def test_before_any_key_is_ready_the_oldest_signs(signing_key: SigningKey) -> None:
    ring = KeyRing(publish_before_use=timedelta(minutes=7))
    ring.replace([_key("a", signing_key, 2), _key("b", signing_key, 1)])
    assert ring.signer == "a"


def test_the_jwks_holds_public_parts_only_and_verifies_what_the_ring_signs(
    ring: KeyRing,
) -> None:
    [jwk] = ring.jwks()["keys"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(jwk)
    token = ring.sign({"sub": "u"})
    assert jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"]) == {"sub": "u"}
    assert jwt.get_unverified_header(token)["kid"] == jwk["kid"]


def test_an_unknown_kid_has_no_key(ring: KeyRing) -> None:
    assert ring.public_key("../../etc/passwd") is None
