"""Use cases of sessions: token pairs, rotation with reuse detection, logout."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from identity.db.repositories import Sessions
from identity.db.tables import RefreshToken, TokenFamily, User
from identity.domain.tokens import TokenPolicy
from identity.security.keys import KeyRing
from identity.security.passwords import hash_password, verify_password
from servicekit.auth import REFRESH, TokenVerifier
from servicekit.db import UnitOfWork
from servicekit.errors import Unauthenticated
from servicekit.outbox import utcnow


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    access_claims: dict[str, Any]


async def open_session(
    *,
    uow: UnitOfWork,
    user: User,
    keys: KeyRing,
    policy: TokenPolicy,
    family_id: str | None = None,
) -> TokenPair:
    """A new token pair; a new refresh family unless rotating within one."""
    sessions = Sessions(uow.session)
    if family_id is None:
        family_id = str(uuid.uuid4())
        sessions.add_family(TokenFamily(id=family_id, user_id=user.id))
    now = int(time.time())
    access = policy.access_claims(user_id=user.id, role=user.role, now=now)
    refresh = policy.refresh_claims(user_id=user.id, family_id=family_id, now=now)
    sessions.add_token(
        RefreshToken(
            jti=refresh["jti"],
            family_id=family_id,
            user_id=user.id,
            expires_at=datetime.fromtimestamp(refresh["exp"], UTC),
        )
    )
    await uow.commit()
    return TokenPair(keys.sign(access), keys.sign(refresh), policy.access_ttl, access)


async def rotate(
    *,
    uow: UnitOfWork,
    refresh_token: str,
    keys: KeyRing,
    policy: TokenPolicy,
) -> tuple[User, TokenPair]:
    """Spend the refresh token for a new pair; a spent one revokes its whole family."""
    claims = _refresh_claims(refresh_token, keys, policy)
    sessions = Sessions(uow.session)
    family = await sessions.family(claims["fam"])
    if family is None or family.revoked_at is not None:
        raise Unauthenticated("This session has ended")
    if not await sessions.spend(claims["jti"], utcnow()):
        # Reuse of a spent token: someone holds a copy. End the session for everyone.
        await sessions.revoke_family(family.id, utcnow())
        await uow.commit()
        raise Unauthenticated("This refresh token was already used; the session is revoked")
    user = await uow.session.get(User, claims["sub"])
    if user is None:
        raise Unauthenticated("This session has ended")
    return user, await open_session(
        uow=uow, user=user, keys=keys, policy=policy, family_id=family.id
    )


async def close_session(
    *, uow: UnitOfWork, refresh_token: str | None, user_id: str, keys: KeyRing, policy: TokenPolicy
) -> None:
    """Revoke the session's refresh family (the access token is denylisted by the caller)."""
    if refresh_token:
        claims = _refresh_claims(refresh_token, keys, policy)
        if claims["sub"] == user_id:
            await Sessions(uow.session).revoke_family(claims["fam"], utcnow())
            await uow.commit()


async def change_password(
    *,
    uow: UnitOfWork,
    user: User,
    current: str,
    new: str,
    this_session: str | None,
    keys: KeyRing,
    policy: TokenPolicy,
) -> None:
    """Replace the password and end every session of the user but `this_session`'s."""
    if not await verify_password(user.password_hash, current):
        raise Unauthenticated("The current password is wrong")
    keep_family = _refresh_claims(this_session, keys, policy)["fam"] if this_session else None
    user.password_hash = await hash_password(new)
    uow.session.add(user)
    await Sessions(uow.session).revoke_all_but(user.id, keep_family, utcnow())
    await uow.commit()


def _refresh_claims(token: str, keys: KeyRing, policy: TokenPolicy) -> dict[str, Any]:
    verifier = TokenVerifier(keys, issuer=policy.issuer, audience=f"{policy.audience}:refresh")
    claims = verifier.decode(token, token_type=REFRESH)
    if not isinstance(claims.get("fam"), str):
        raise Unauthenticated("Invalid token")
    return claims
