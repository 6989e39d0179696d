"""Who may open an interview's socket: a valid, unrevoked access token of the interview's owner.

Every refusal is decided before the upgrade, so it reaches the client as an HTTP problem+json.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import quote

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.pool import UpstreamPool
from servicekit.auth import Denylist, Principal, TokenVerifier, is_revoked
from servicekit.errors import NotFound, Unauthenticated, Unavailable

SUBPROTOCOL = "bearer"
MAX_TOKEN_CHARS = 4096
INTERVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Asks the owning service whether this caller may read the interview; raises when not.
OwnershipCheck = Callable[[str, str, Principal], Awaitable[None]]


class InterviewNotFound(NotFound):
    code = "INTERVIEW_NOT_FOUND"


def token_of(subprotocols: Sequence[str], query_token: str | None) -> str:
    """The token from `Sec-WebSocket-Protocol: bearer, <token>`, else from `?access_token=`."""
    token: str | None = None
    if len(subprotocols) == 2 and subprotocols[0].lower() == SUBPROTOCOL:
        token = subprotocols[1].strip()
    elif query_token is not None:
        token = query_token.strip()
    if not token:
        raise Unauthenticated("Send the access token as `bearer, <token>` or ?access_token=")
    if len(token) > MAX_TOKEN_CHARS:
        raise Unauthenticated("Malformed token")
    return token


async def admit(
    *,
    interview_id: str,
    token: str,
    verifier: TokenVerifier,
    denylist: Denylist | None,
    owns: OwnershipCheck,
    throttle: Callable[[Principal], Awaitable[None]] | None = None,
) -> Principal:
    """The caller, when the token is good and the interview is theirs."""
    if not INTERVIEW_ID.match(interview_id):
        raise InterviewNotFound("No such interview")
    principal = await verifier.authenticate(token)
    if denylist is not None and await is_revoked(denylist, principal.jti):
        raise Unauthenticated("Token revoked")
    if throttle is not None:
        await throttle(principal)  # before practice is asked: reconnect storms stop here
    await owns(interview_id, token, principal)
    return principal


class _Owner(BaseModel):
    """The one field of practice's interview answer the gateway reads, when it is there."""

    model_config = ConfigDict(extra="ignore")
    user_id: str | None = Field(default=None, max_length=64)


def practice_ownership(
    pool: UpstreamPool, *, practice_url: str, timeout: aiohttp.ClientTimeout
) -> OwnershipCheck:
    """Ownership as practice sees it: the caller's own `GET /interviews/{id}` answers 200."""

    async def owns(interview_id: str, token: str, principal: Principal) -> None:
        url = f"{practice_url}/api/v1/interviews/{quote(interview_id)}"
        try:
            async with pool.request(
                "GET", url, headers={"Authorization": f"Bearer {token}"}, timeout=timeout
            ) as answer:
                status, body = answer.status, await answer.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise Unavailable("The interview service is unavailable") from exc
        if status in (403, 404):
            raise InterviewNotFound("No such interview")
        if status == 401:
            raise Unauthenticated()
        if status != 200:
            raise Unavailable("The interview service is unavailable")
        try:
            owner = _Owner.model_validate_json(body).user_id
        except ValidationError:
            owner = None
        if owner is not None and owner != principal.user_id:
            raise InterviewNotFound("No such interview")  # readable (an admin), not theirs

    return owns
