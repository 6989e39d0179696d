"""Access-token verification against identity's JWKS, and the role checks every service uses."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol

import httpx
import jwt
from fastapi import Depends, Request
from jwt.algorithms import RSAAlgorithm
from redis.exceptions import RedisError

from servicekit.errors import Forbidden, Unauthenticated, Unavailable
from servicekit.waiting import wait_set

logger = logging.getLogger(__name__)

Role = Literal["student", "professor", "admin"]
ROLES: tuple[Role, ...] = ("student", "professor", "admin")
ALGORITHM = "RS256"
ACCESS = "access"
REFRESH = "refresh"


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the access token says."""

    user_id: str
    role: Role
    jti: str
    expires_at: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


# How long a token signed by a key not loaded yet waits for the reload its miss asked for
# (a service started before identity answered, or a key rotated in since the last fetch).
UNKNOWN_KEY_WAIT_SECONDS = 5.0


class KeyProvider(Protocol):
    def public_key(self, kid: str) -> Any | None:
        """The key, or None; a miss may ask for a reload."""
        ...

    async def reloaded(self, within: float) -> bool:
        """After a miss: wait at most `within` for the reload it asked for; False when none
        was asked (a recent one ran) or none came in time."""
        ...


class UnknownSigningKey(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("Unknown signing key")


class Denylist(Protocol):
    async def revoke(self, jti: str, expires_at: int) -> None: ...

    async def is_revoked(self, jti: str) -> bool: ...

    async def revoked_among(self, jtis: Collection[str]) -> set[str]: ...


class JwksCache:
    """Public keys fetched from identity's JWKS in the background; a miss wakes the refresh."""

    def __init__(
        self, url: str, *, refresh_seconds: float = 300.0, min_refetch_seconds: float = 10.0
    ):
        self._url = url
        self._refresh_seconds = refresh_seconds
        self._min_refetch = min_refetch_seconds
        self._keys: dict[str, Any] = {}
        self._last_fetch = 0.0
        self._refetch = asyncio.Event()
        self._loaded = asyncio.Event()  # set, then replaced, at every load: waiters see it

    def public_key(self, kid: str) -> Any | None:
        key = self._keys.get(kid)
        if key is None and time.monotonic() - self._last_fetch > self._min_refetch:
            self._refetch.set()  # a new key may have been rotated in: look soon, not now
        return key

    def load(self, jwks: Mapping[str, Any]) -> None:
        keys = {}
        for jwk in jwks.get("keys", []):
            if jwk.get("kty") == "RSA" and jwk.get("kid"):
                keys[jwk["kid"]] = RSAAlgorithm.from_jwk(jwk)
        self._keys = keys
        self._last_fetch = time.monotonic()
        self._loaded.set()
        self._loaded = asyncio.Event()

    async def reloaded(self, within: float) -> bool:
        return self._refetch.is_set() and await wait_set(self._loaded, within)

    async def refresh(self, client: httpx.AsyncClient) -> None:
        response = await client.get(self._url, timeout=5.0)
        response.raise_for_status()
        self.load(response.json())

    async def run(self, client: httpx.AsyncClient) -> None:
        """Keep the keys fresh until cancelled; retry quickly while none are known."""
        failures = 0
        while True:
            try:
                await self.refresh(client)
                failures, wait = 0, self._refresh_seconds
            except (httpx.HTTPError, ValueError) as exc:
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    logger.warning(
                        "could not fetch JWKS",
                        extra={"url": self._url, "error": str(exc), "failures": failures},
                    )
                wait = min(0.25 * 2 ** min(failures, 7), 30.0)
            self._refetch.clear()
            await wait_set(self._refetch, wait)

    @property
    def ready(self) -> bool:
        return bool(self._keys)


class TokenVerifier:
    """Checks signature, algorithm, issuer, audience, times and token type."""

    def __init__(self, keys: KeyProvider, *, issuer: str, audience: str, leeway: float = 5.0):
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway

    def decode(self, token: str, *, token_type: str = ACCESS) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("Malformed token") from exc
        if header.get("alg") != ALGORITHM:
            raise Unauthenticated("Unsupported token algorithm")
        kid = header.get("kid")
        key = self._keys.public_key(kid) if isinstance(kid, str) else None
        if key is None:
            raise UnknownSigningKey()
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "nbf", "sub", "jti", "typ"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("Token expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("Invalid token") from exc
        if claims.get("typ") != token_type:
            raise Unauthenticated("Wrong token type")
        return claims

    async def authenticate(self, token: str) -> Principal:
        """`verify`, except that a key this process has not loaded yet is waited for (once,
        bounded): the first requests after a start or a key rotation are not refused."""
        try:
            return self.verify(token)
        except UnknownSigningKey:
            if not await self._keys.reloaded(UNKNOWN_KEY_WAIT_SECONDS):
                raise
        return self.verify(token)

    def verify(self, token: str) -> Principal:
        claims = self.decode(token)
        role = claims.get("role")
        if role not in ROLES:
            raise Unauthenticated("Invalid token")
        return Principal(
            user_id=str(claims["sub"]), role=role, jti=str(claims["jti"]), expires_at=claims["exp"]
        )


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Expected a Bearer token")
    return token.strip()


async def optional_principal(request: Request) -> Principal | None:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return None
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.authenticate(token)
    denylist: Denylist | None = getattr(request.app.state, "denylist", None)
    if denylist is not None and await is_revoked(denylist, principal.jti):
        raise Unauthenticated("Token revoked")
    return principal


async def is_revoked(denylist: Denylist, jti: str) -> bool:
    """Fails closed, as a 503 to retry: a revoked token is never let through unchecked."""
    try:
        return await denylist.is_revoked(jti)
    except (RedisError, OSError) as exc:
        logger.warning("token revocation cannot be checked: %s", exc)
        raise Unavailable(
            "Token revocation cannot be checked now; try again shortly",
            code="DENYLIST_UNAVAILABLE",
            headers={"Retry-After": "5"},
        ) from exc


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthenticated()
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]


def require_roles(*roles: Role) -> Callable[..., Any]:
    """A dependency that admits only the given roles."""

    async def check(principal: CurrentUser) -> Principal:
        if principal.role not in roles:
            raise Forbidden("Your role may not do this")
        return principal

    return check


AdminUser = Annotated[Principal, Depends(require_roles("admin"))]
AuthorUser = Annotated[Principal, Depends(require_roles("professor", "admin"))]
