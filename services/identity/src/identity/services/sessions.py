"""Use cases of sessions: log in, refresh with rotation, log out, change the password."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.identity import AccessTokenRevoked
from identity.db.tables import RefreshToken, TokenFamily, User
from identity.domain.errors import BadCredentials, SessionEnded, TooManyAttempts, UserNotFound
from identity.domain.tokens import IssuedTokens
from identity.services.ports import IdentityUnitOfWork, Passwords, Throttle, Tokens
from servicekit.auth import Denylist
from servicekit.errors import ValidationFailed
from servicekit.outbox import utcnow


@dataclass(frozen=True)
class SignedIn:
    user: User
    tokens: IssuedTokens


def open_session(
    uow: IdentityUnitOfWork, tokens: Tokens, user: User, family_id: str | None = None
) -> SignedIn:
    """Issue a pair and record its refresh token: a new family unless rotating within one."""
    if family_id is None:
        family_id = str(uuid.uuid4())
        uow.sessions.add_family(TokenFamily(id=family_id, user_id=user.id))
    issued = tokens.issue(user_id=user.id, role=user.role, family_id=family_id)
    expires_at = datetime.fromtimestamp(issued.refresh.expires_at, UTC)
    uow.sessions.add_token(
        RefreshToken(
            jti=issued.refresh.jti, family_id=family_id, user_id=user.id, expires_at=expires_at
        )
    )
    return SignedIn(user=user, tokens=issued)


async def log_in(
    *,
    uow: IdentityUnitOfWork,
    passwords: Passwords,
    tokens: Tokens,
    throttle: Throttle,
    email: str,
    password: str,
    client: str,
) -> SignedIn:
    """A new session for these credentials; attempts are throttled per account and per client."""
    buckets = (f"account:{email.lower()}", f"client:{client}")
    if wait := await throttle.attempt(*buckets):
        raise TooManyAttempts(wait)
    # The OAuth2 form's `username` may name the account by username, which never holds "@".
    user = await (uow.users.by_email(email) if "@" in email else uow.users.by_username(email))
    # Always verify, against a dummy hash when the email is unknown: the same work either way.
    matches = await passwords.verify(user.password_hash if user else None, password)
    if user is None or not matches:
        raise BadCredentials
    await throttle.forgive(*buckets)
    if passwords.needs_rehash(user.password_hash):  # stored under weaker parameters
        user.password_hash = await passwords.hash(password)
    user.last_login = utcnow()
    signed_in = open_session(uow, tokens, user)
    await uow.commit()
    return signed_in


async def refresh(*, uow: IdentityUnitOfWork, tokens: Tokens, refresh_token: str) -> SignedIn:
    """Spend the refresh token for a new pair; presenting a spent one revokes its family."""
    claims = tokens.read_refresh(refresh_token)
    family = await uow.sessions.family(claims.family_id)
    if family is None or family.revoked_at is not None or family.user_id != claims.user_id:
        raise SessionEnded
    if not await uow.sessions.spend(claims.jti, utcnow()):
        # A second use means someone holds a copy: end the session for them and the owner.
        await uow.sessions.revoke_family(family.id, utcnow())
        await uow.commit()
        raise SessionEnded("This refresh token was already used; the session is revoked")
    user = await uow.users.get(claims.user_id)
    if user is None:
        raise SessionEnded
    signed_in = open_session(uow, tokens, user, family_id=family.id)  # with the current role
    await uow.commit()
    return signed_in


async def log_out(
    *,
    uow: IdentityUnitOfWork,
    denylist: Denylist,
    session_id: str | None,
    access_jti: str,
    access_expires_at: int,
) -> None:
    """End the session: its refresh family is revoked, its access token refused from now on.

    Services reading identity's topics learn of the revocation from the event; the others
    from the shared denylist, written once the event is committed.
    """
    if session_id is not None:
        await uow.sessions.revoke_family(session_id, utcnow())
    uow.raise_event(AccessTokenRevoked(jti=access_jti, expires_at=access_expires_at))
    await uow.commit()
    await denylist.revoke(access_jti, access_expires_at)


async def change_password(
    *,
    uow: IdentityUnitOfWork,
    passwords: Passwords,
    throttle: Throttle,
    user_id: str,
    session_id: str | None,
    current: str,
    new: str,
) -> None:
    """Replace the password once the current one is proven; every other session ends."""
    bucket = f"password:{user_id}"  # a stolen access token must not become a guessing oracle
    if wait := await throttle.attempt(bucket):
        raise TooManyAttempts(wait)
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound
    if not await passwords.verify(user.password_hash, current):
        raise ValidationFailed(
            "The current password is wrong",
            errors=[
                {"loc": ["body", "current_password"], "msg": "is wrong", "type": "value_error"}
            ],
        )
    await throttle.forgive(bucket)
    user.password_hash = await passwords.hash(new)
    await uow.sessions.revoke_all_but(user.id, session_id, utcnow())
    await uow.commit()
