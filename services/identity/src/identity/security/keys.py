"""The RSA signing keys in memory: published as a JWKS, used to sign and to verify."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from identity.db.tables import SigningKey
from servicekit.auth import ALGORITHM
from servicekit.waiting import wait_set

logger = logging.getLogger(__name__)
KEY_SIZE = 2048
MIN_RELOAD_SECONDS = 5.0  # an unknown `kid` costs at most one query this often


class KeyRing:
    """Every usable key verifies; the newest one that has been published long enough signs."""

    def __init__(self, *, publish_before_use: timedelta = timedelta(0)) -> None:
        # Other services refresh the JWKS on a timer: a new key is published that long
        # before it signs, so no service ever meets a `kid` it has not loaded yet.
        self._publish_before_use = publish_before_use
        self._private: dict[str, rsa.RSAPrivateKey] = {}
        self._signer: str | None = None
        self._unknown_kid = asyncio.Event()
        self._loaded = asyncio.Event()  # set, then replaced, at every load: waiters see it

    def replace(self, keys: Sequence[SigningKey], *, now: datetime | None = None) -> None:
        """Take `keys` (oldest first) as the whole set."""
        now = now or datetime.now(UTC)
        signing = [key for key in keys if key.retired_at is None or _utc(key.retired_at) > now]
        if not signing:
            raise ValueError("every signing key is retired")
        ready = [key for key in signing if _utc(key.created_at) <= now - self._publish_before_use]
        self._private = {
            key.kid: self._private.get(key.kid) or _parse(key.private_pem) for key in keys
        }
        # Until a newer key is ready, the one published longest keeps signing.
        self._signer = ready[-1].kid if ready else signing[0].kid
        self._loaded.set()
        self._loaded = asyncio.Event()

    async def reloaded(self, within: float) -> bool:
        return self._unknown_kid.is_set() and await wait_set(self._loaded, within)

    @property
    def signer(self) -> str | None:
        return self._signer

    def public_key(self, kid: str) -> Any | None:
        private = self._private.get(kid)
        if private is None:
            self._unknown_kid.set()  # another replica may have made a key: reload soon
            return None
        return private.public_key()

    def sign(self, claims: dict[str, Any]) -> str:
        assert self._signer is not None, "keys not loaded"
        return jwt.encode(
            claims, self._private[self._signer], algorithm=ALGORITHM, headers={"kid": self._signer}
        )

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, private in self._private.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": keys}

    async def run(self, load: Callable[[], Awaitable[Sequence[SigningKey]]], every: float) -> None:
        """Reload every `every` seconds, or soon after an unknown `kid`, until cancelled."""
        while True:
            await wait_set(self._unknown_kid, every)
            self._unknown_kid.clear()
            try:
                self.replace(await load())
            except Exception:
                logger.warning("could not reload the signing keys", exc_info=True)
            await asyncio.sleep(MIN_RELOAD_SECONDS)


async def generate_signing_key() -> SigningKey:
    """A new RSA key (made in a worker thread: it takes long enough to stall the event loop)."""
    private = await asyncio.to_thread(
        rsa.generate_private_key, public_exponent=65537, key_size=KEY_SIZE
    )
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    kid = f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(8)}"
    return SigningKey(kid=kid, private_pem=pem, created_at=datetime.now(UTC))


def public_numbers(key: SigningKey) -> tuple[str, str]:
    """The key's public modulus and exponent, base64url as in a JWK."""
    jwk = json.loads(RSAAlgorithm.to_jwk(_parse(key.private_pem).public_key()))
    return jwk["n"], jwk["e"]


def _parse(pem: str) -> rsa.RSAPrivateKey:
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise TypeError("a signing key must be RSA")
    return private


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
