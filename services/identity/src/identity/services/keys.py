"""Use cases of signing keys: the set to load, its publication, and rotation."""

from __future__ import annotations

from datetime import timedelta

from contracts.identity import SigningKeyPublished
from identity.db.tables import SigningKey
from identity.security.keys import generate_signing_key, public_numbers
from identity.services.ports import IdentityUnitOfWork
from servicekit.outbox import utcnow


async def usable_signing_keys(*, uow: IdentityUnitOfWork, retain: timedelta) -> list[SigningKey]:
    """Active keys and those retired within `retain`, oldest first; the first start makes one."""
    keys = await uow.signing_keys.usable(utcnow() - retain)
    if not any(key.retired_at is None for key in keys):
        key = await generate_signing_key()
        uow.signing_keys.add(key)
        await uow.commit()
        keys.append(key)
    return keys


async def publish_signing_keys(*, uow: IdentityUnitOfWork, retain: timedelta) -> list[SigningKey]:
    """Publish every usable key with the end of its use, on `identity.signing-keys.v1`.

    Done at every start (the topic is compacted: a repeat costs one record per key) and at
    every rotation, so a reader of the topic knows what the JWKS holds.
    """
    keys = await usable_signing_keys(uow=uow, retain=retain)
    _announce(uow, keys, retain)
    await uow.commit()
    return keys


async def rotate_signing_key(
    *, uow: IdentityUnitOfWork, hand_over: timedelta, retain: timedelta
) -> SigningKey:
    """Add a new key; the current ones retire once it has been published for `hand_over`."""
    key = await generate_signing_key()
    await uow.signing_keys.retire_active(utcnow() + hand_over)
    uow.signing_keys.add(key)
    _announce(uow, await uow.signing_keys.usable(utcnow() - retain), retain)
    await uow.commit()
    return key


def _announce(uow: IdentityUnitOfWork, keys: list[SigningKey], retain: timedelta) -> None:
    for key in keys:
        n, e = public_numbers(key)
        verify_until = None if key.retired_at is None else key.retired_at + retain
        uow.raise_event(SigningKeyPublished(kid=key.kid, n=n, e=e, verify_until=verify_until))
