"""Signing token pairs with the key ring, and reading refresh tokens back."""

from __future__ import annotations

import time

from identity.domain.tokens import IssuedTokens, RefreshClaims, TokenPolicy
from identity.security.keys import KeyRing
from servicekit.auth import REFRESH, TokenVerifier
from servicekit.errors import Unauthenticated


class TokenService:
    def __init__(self, ring: KeyRing, policy: TokenPolicy) -> None:
        self._ring = ring
        self._policy = policy
        # The same checks as every access token gets, against the refresh audience.
        self._refresh = TokenVerifier(ring, issuer=policy.issuer, audience=policy.refresh_audience)

    def issue(self, *, user_id: str, role: str, family_id: str) -> IssuedTokens:
        now = int(time.time())
        policy = self._policy
        access = policy.access_claims(user_id=user_id, role=role, session_id=family_id, now=now)
        refresh = policy.refresh_claims(user_id=user_id, family_id=family_id, now=now)
        return IssuedTokens(
            access_token=self._ring.sign(access),
            refresh_token=self._ring.sign(refresh),
            expires_in=policy.access_ttl,
            refresh=RefreshClaims(
                jti=refresh["jti"], user_id=user_id, family_id=family_id, expires_at=refresh["exp"]
            ),
        )

    def read_refresh(self, token: str) -> RefreshClaims:
        claims = self._refresh.decode(token, token_type=REFRESH)
        family = claims.get("fam")
        if not isinstance(family, str):
            raise Unauthenticated("Invalid token")
        return RefreshClaims(
            jti=str(claims["jti"]),
            user_id=str(claims["sub"]),
            family_id=family,
            expires_at=int(claims["exp"]),
        )
