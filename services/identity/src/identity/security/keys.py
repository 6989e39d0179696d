"""The RSA signing keys: kept in identity's database, published as a JWKS."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlmodel import col, select

from identity.db.tables import SigningKey
from servicekit.auth import ALGORITHM
from servicekit.db import Database


class KeyRing:
    """Signs with the newest key; verifies with any key not long retired."""

    def __init__(self) -> None:
        self._private: dict[str, rsa.RSAPrivateKey] = {}
        self._active: str | None = None

    async def load(self, database: Database) -> None:
        """Load the keys, creating the first one when there is none."""
        async with database.session() as session:
            keys = list(
                (
                    await session.exec(
                        select(SigningKey)
                        .where(col(SigningKey.retired_at).is_(None))
                        .order_by(col(SigningKey.created_at))
                    )
                ).all()
            )
            if not keys:
                keys = [_new_key()]
                session.add(keys[0])
                await session.commit()
        for key in keys:
            private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
            assert isinstance(private, rsa.RSAPrivateKey)
            self._private[key.kid] = private
        self._active = keys[-1].kid

    def public_key(self, kid: str) -> Any | None:
        private = self._private.get(kid)
        return private.public_key() if private is not None else None

    def sign(self, claims: dict[str, Any]) -> str:
        assert self._active is not None, "keys not loaded"
        return jwt.encode(
            claims, self._private[self._active], algorithm=ALGORITHM, headers={"kid": self._active}
        )

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, private in self._private.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": keys}


def _new_key() -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    kid = f"{time.strftime('%Y%m%d')}-{secrets.token_hex(4)}"
    return SigningKey(kid=kid or str(uuid.uuid4()), private_pem=pem)
