"""`/api/v1/auth`: register, log in, refresh, log out, JWKS."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from identity.api.deps import ClientAddress, OAuth2Form, Parts, Revoked, Session, Uow
from identity.api.schemas import Login, Refresh, Register, TokenAnswer
from identity.services import accounts, sessions

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=TokenAnswer)
async def register(body: Register, uow: Uow, parts: Parts) -> TokenAnswer:
    signed_in = await accounts.register(
        uow=uow,
        passwords=parts.passwords,
        tokens=parts.tokens,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        username=body.username,
        selected_role=body.selected_role,
    )
    return TokenAnswer.of(signed_in)


@router.post("/login", response_model=TokenAnswer)
async def login(body: Login, uow: Uow, parts: Parts, client: ClientAddress) -> TokenAnswer:
    return await _log_in(uow, parts, client, body.email, body.password)


@router.post("/token", response_model=TokenAnswer, summary="OAuth2 password flow")
async def token(form: OAuth2Form, uow: Uow, parts: Parts, client: ClientAddress) -> TokenAnswer:
    return await _log_in(uow, parts, client, form.email, form.password)


async def _log_in(uow: Uow, parts: Parts, client: str, email: str, password: str) -> TokenAnswer:
    signed_in = await sessions.log_in(
        uow=uow,
        passwords=parts.passwords,
        tokens=parts.tokens,
        throttle=parts.throttle,
        email=email,
        password=password,
        client=client,
    )
    return TokenAnswer.of(signed_in)


@router.post("/refresh", response_model=TokenAnswer)
async def refresh(body: Refresh, uow: Uow, parts: Parts) -> TokenAnswer:
    signed_in = await sessions.refresh(
        uow=uow, tokens=parts.tokens, refresh_token=body.refresh_token
    )
    return TokenAnswer.of(signed_in)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(caller: Session, uow: Uow, denylist: Revoked) -> Response:
    await sessions.log_out(
        uow=uow,
        denylist=denylist,
        session_id=caller.session_id,
        access_jti=caller.principal.jti,
        access_expires_at=caller.principal.expires_at,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/jwks", summary="Public signing keys")
async def jwks(parts: Parts, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return parts.keys.jwks()
