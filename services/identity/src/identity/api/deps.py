"""Dependencies of identity's routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request

from identity.config import Settings
from identity.db.uow import identity_unit_of_work
from identity.security.keys import KeyRing
from identity.security.passwords import Argon2Passwords
from identity.security.throttle import LoginThrottle
from identity.security.tokens import TokenService
from identity.services.ports import IdentityUnitOfWork
from servicekit.auth import CurrentUser, Denylist, Principal, bearer_token
from servicekit.net import client_address
from servicekit.runtime import RuntimeDep


@dataclass(frozen=True)
class Components:
    """Identity's long-lived parts, made in its lifespan."""

    keys: KeyRing
    tokens: TokenService
    passwords: Argon2Passwords
    throttle: LoginThrottle


@dataclass(frozen=True)
class CallerSession:
    principal: Principal
    session_id: str | None  # the refresh family the access token was issued in


@dataclass(frozen=True)
class PasswordForm:
    email: str
    password: str


def password_form(
    username: Annotated[str, Form(min_length=1, max_length=320, description="email or username")],
    password: Annotated[str, Form(min_length=1, max_length=256)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
) -> PasswordForm:
    """The OAuth2 password grant (RFC 6749 4.3), bounded like the JSON login."""
    return PasswordForm(email=username, password=password)


def components(runtime: RuntimeDep) -> Components:
    parts: Components = runtime.extras["identity"]
    return parts


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[IdentityUnitOfWork]:
    async with identity_unit_of_work(runtime) as uow:
        yield uow


def caller_address(request: Request, runtime: RuntimeDep) -> str:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return client_address(request, settings.trusted_proxies)


def denylist(request: Request) -> Denylist:
    revoked: Denylist = request.app.state.denylist
    return revoked


async def caller_session(request: Request, principal: CurrentUser) -> CallerSession:
    # `Principal` does not carry `sid`; the token was verified (and its revocation checked)
    # just now, and verifying again is the cheap, honest way to read one more claim.
    token = bearer_token(request.headers.get("authorization"))
    assert token is not None
    session_id = request.app.state.verifier.decode(token).get("sid")
    return CallerSession(principal, session_id if isinstance(session_id, str) else None)


Parts = Annotated[Components, Depends(components)]
Uow = Annotated[IdentityUnitOfWork, Depends(unit_of_work)]
ClientAddress = Annotated[str, Depends(caller_address)]
Revoked = Annotated[Denylist, Depends(denylist)]
Session = Annotated[CallerSession, Depends(caller_session)]
OAuth2Form = Annotated[PasswordForm, Depends(password_form)]
