"""Signing test access tokens the way identity does, for services tested on their own."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from jwt.algorithms import RSAAlgorithm

from contracts.identity import SigningKeyPublished
from servicekit.auth import ACCESS, ALGORITHM, Role, TokenVerifier


@dataclass
class TokenFactory:
    """An RSA key pair that mints tokens and verifies them, standing in for identity."""

    issuer: str = "whetstone-identity"
    audience: str = "whetstone"
    kid: str = "test-key"
    _key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def public_key(self, kid: str) -> Any | None:
        return self._key.public_key() if kid == self.kid else None

    async def reloaded(self, within: float) -> bool:
        return False  # one key, never reloaded

    def token(self, user_id: str | None = None, role: Role = "student", **claims: Any) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": user_id or uuid.uuid4().hex,
            "role": role,
            "jti": uuid.uuid4().hex,
            "typ": ACCESS,
            "iat": now,
            "nbf": now,
            "exp": now + 900,
            **claims,
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def published(self, verify_until: datetime | None = None) -> SigningKeyPublished:
        """The event identity would publish for this key (for services that read the broker)."""
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        return SigningKeyPublished(kid=self.kid, n=jwk["n"], e=jwk["e"], verify_until=verify_until)

    def headers(self, user_id: str | None = None, role: Role = "student") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, role)}"}

    def install(self, app: FastAPI) -> None:
        """Make a started app verify tokens with this key instead of identity's JWKS."""
        verifier = TokenVerifier(self, issuer=self.issuer, audience=self.audience)
        app.state.verifier = verifier
        app.state.runtime.verifier = verifier
