"""A token signed by a key not loaded yet waits for the reload its miss asked for."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from jwt.algorithms import RSAAlgorithm

from servicekit.auth import JwksCache, TokenVerifier, UnknownSigningKey
from servicekit.testing.tokens import TokenFactory


def jwks_of(tokens: TokenFactory) -> dict[str, object]:
    jwk = json.loads(RSAAlgorithm.to_jwk(tokens.public_key(tokens.kid)))
    return {"keys": [{**jwk, "kid": tokens.kid, "use": "sig", "alg": "RS256"}]}


async def test_the_first_token_after_identity_comes_up_is_admitted_not_refused() -> None:
    tokens, identity_up, asked = TokenFactory(), asyncio.Event(), asyncio.Event()

    def identity(request: httpx.Request) -> httpx.Response:
        asked.set()
        if not identity_up.is_set():
            return httpx.Response(503)
        return httpx.Response(200, json=jwks_of(tokens))

    cache = JwksCache("http://identity/jwks", refresh_seconds=3600)
    verifier = TokenVerifier(cache, issuer=tokens.issuer, audience=tokens.audience)
    async with httpx.AsyncClient(transport=httpx.MockTransport(identity)) as client:
        keeping = asyncio.create_task(cache.run(client))
        try:
            await asyncio.wait_for(asked.wait(), 10)  # the first fetch failed: no keys yet
            identity_up.set()
            principal = await verifier.authenticate(tokens.token("ada"))
        finally:
            keeping.cancel()
    assert principal.user_id == "ada"


async def test_an_unknown_key_right_after_a_fetch_is_refused_without_waiting() -> None:
    tokens, stranger = TokenFactory(), TokenFactory(kid="someone-elses")
    cache = JwksCache("http://identity/jwks", min_refetch_seconds=60)
    cache.load(jwks_of(tokens))
    verifier = TokenVerifier(cache, issuer=tokens.issuer, audience=tokens.audience)
    with pytest.raises(UnknownSigningKey):
        await verifier.authenticate(stranger.token("mallory"))
    assert await cache.reloaded(within=60) is False  # no reload was asked: nothing to wait for
