"""Who may open an interview socket, on fakes: the token's two places, the owner check."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from gateway.fanout.admission import InterviewNotFound, admit, token_of
from servicekit.auth import Principal, TokenVerifier
from servicekit.errors import Unauthenticated, Unavailable
from servicekit.revocation import MemoryDenylist
from servicekit.testing.tokens import TokenFactory


class AwayDenylist(MemoryDenylist):
    """Redis down: the revocation list cannot be read."""

    async def is_revoked(self, jti: str) -> bool:
        raise RedisConnectionError("Connection refused")


def test_the_token_comes_from_the_subprotocol_else_the_query() -> None:
    assert token_of(["bearer", "abc"], None) == "abc"
    assert token_of(["Bearer", "abc"], "xyz") == "abc"
    assert token_of([], "xyz") == "xyz"
    for subprotocols, query in (([], None), (["bearer"], None), ([], " "), (["x", "y"], None)):
        with pytest.raises(Unauthenticated):
            token_of(subprotocols, query)


async def test_only_the_owner_of_a_well_named_interview_with_a_live_token_is_admitted() -> None:
    tokens = TokenFactory()
    verifier = TokenVerifier(tokens, issuer=tokens.issuer, audience=tokens.audience)
    denylist = MemoryDenylist()
    asked: list[tuple[str, str]] = []

    async def owns(interview_id: str, token: str, principal: Principal) -> None:
        asked.append((interview_id, principal.user_id))
        if principal.user_id != "owner":
            raise InterviewNotFound("No such interview")

    async def attempt(interview_id: str, token: str) -> Principal:
        return await admit(
            interview_id=interview_id, token=token, verifier=verifier, denylist=denylist, owns=owns
        )

    mine = tokens.token("owner")
    assert (await attempt("iv-1", mine)).user_id == "owner"
    with pytest.raises(InterviewNotFound):
        await attempt("iv-1", tokens.token("intruder"))
    with pytest.raises(InterviewNotFound):
        await attempt("../users/me", mine)
    with pytest.raises(Unauthenticated):
        await attempt("iv-1", TokenFactory().token("owner"))
    principal = verifier.verify(mine)
    await denylist.revoke(principal.jti, principal.expires_at)
    with pytest.raises(Unauthenticated):
        await attempt("iv-1", mine)
    assert asked == [("iv-1", "owner"), ("iv-1", "intruder")]


async def test_a_revocation_list_that_cannot_be_read_refuses_as_unavailable() -> None:
    tokens = TokenFactory()
    verifier = TokenVerifier(tokens, issuer=tokens.issuer, audience=tokens.audience)

    async def owns(interview_id: str, token: str, principal: Principal) -> None:
        raise AssertionError("practice is never asked for an unchecked token")

    with pytest.raises(Unavailable) as refused:
        await admit(
            interview_id="iv-1",
            token=tokens.token("owner"),
            verifier=verifier,
            denylist=AwayDenylist(),
            owns=owns,
        )
    assert refused.value.code == "DENYLIST_UNAVAILABLE"
