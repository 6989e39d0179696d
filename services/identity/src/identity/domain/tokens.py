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

    def access_claims(self, *, user_id: str, role: str, now: int) -> dict[str, Any]:
        return self._claims(user_id, ACCESS, now, self.access_ttl) | {"role": role}

    def refresh_claims(self, *, user_id: str, family_id: str, now: int) -> dict[str, Any]:
        # A refresh token is meant for identity alone: its own audience as well as its own typ.
        claims = self._claims(user_id, REFRESH, now, self.refresh_ttl) | {"fam": family_id}
        claims["aud"] = f"{self.audience}:refresh"
        return claims

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
