"""Use cases of signing keys: the set to load, and rotation."""

from __future__ import annotations

from datetime import timedelta

from identity.db.tables import SigningKey
from identity.security.keys import generate_signing_key
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


async def rotate_signing_key(*, uow: IdentityUnitOfWork, hand_over: timedelta) -> SigningKey:
    """Add a new key; the current ones retire once it has been published for `hand_over`."""
    key = await generate_signing_key()
    await uow.signing_keys.retire_active(utcnow() + hand_over)
    uow.signing_keys.add(key)
    await uow.commit()
    return key
