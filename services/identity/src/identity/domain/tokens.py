"""The claims of access and refresh tokens; they can never stand in for each other."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from servicekit.auth import ACCESS, REFRESH


@dataclass(frozen=True)
class TokenPolicy:
    issuer: str
    audience: str
    access_ttl: int
    refresh_ttl: int

    @property
    def refresh_audience(self) -> str:
        # Refresh tokens are for identity alone: a service that forgot to check `typ`
        # still refuses one, because it is not in that service's audience.
        return f"{self.audience}:refresh"

    def access_claims(
        self, *, user_id: str, role: str, session_id: str, now: int
    ) -> dict[str, Any]:
        # `sid` names the refresh family, so logout can end the session from the access token.
        claims = self._claims(user_id, ACCESS, now, self.access_ttl)
        return claims | {"role": role, "sid": session_id}

    def refresh_claims(self, *, user_id: str, family_id: str, now: int) -> dict[str, Any]:
        claims = self._claims(user_id, REFRESH, now, self.refresh_ttl)
        return claims | {"aud": self.refresh_audience, "fam": family_id}

    def _claims(self, user_id: str, typ: str, now: int, ttl: int) -> dict[str, Any]:
        return {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": user_id,
            "typ": typ,
            "jti": uuid.uuid4().hex,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
        }


@dataclass(frozen=True)
class RefreshClaims:
    """What a verified refresh token says."""

    jti: str
    user_id: str
    family_id: str
    expires_at: int


@dataclass(frozen=True)
class IssuedTokens:
    """A signed pair; the refresh token's `jti` and expiry are recorded to allow rotation."""

    access_token: str
    refresh_token: str
    expires_in: int
    refresh: RefreshClaims
