"""Use cases of sessions on in-memory fakes: log in, refresh, log out, change the password."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from contracts.identity import AccessTokenRevoked
from identity.domain.errors import BadCredentials, SessionEnded, TooManyAttempts
from identity.services import sessions
from servicekit.errors import Unauthenticated, ValidationFailed


async def _log_in(uow: Any, passwords: Any, tokens: Any, throttle: Any, **kw: Any) -> Any:
    values = {
        "email": "user0@example.com",
        "password": "correct horse",
        "client": "192.0.2.1",
        **kw,
    }
    return await sessions.log_in(
        uow=uow, passwords=passwords, tokens=tokens, throttle=throttle, **values
    )


async def test_log_in_opens_a_session_and_records_the_time(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    user = make_user()
    signed_in = await _log_in(uow, passwords, tokens, throttle, email="USER0@example.com")
    assert signed_in.user is user
    assert user.last_login is not None
    assert signed_in.tokens.refresh.jti in uow.sessions.tokens
    assert uow.commits == 1


async def test_log_in_by_username_finds_the_same_account(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    user = make_user(username="ada_l")
    signed_in = await _log_in(uow, passwords, tokens, throttle, email="ada_l")
    assert signed_in.user is user
    with pytest.raises(BadCredentials):
        await _log_in(uow, passwords, tokens, throttle, email="ada")


async def test_an_unknown_email_costs_a_password_check_and_answers_like_a_wrong_password(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    make_user()
    with pytest.raises(BadCredentials) as wrong:
        await _log_in(uow, passwords, tokens, throttle, password="guess")
    with pytest.raises(BadCredentials) as unknown:
        await _log_in(uow, passwords, tokens, throttle, email="nobody@example.com")
    assert passwords.verified == ["hashed:correct horse", None]  # None: the dummy hash
    assert wrong.value.detail == unknown.value.detail
    assert uow.commits == 0


async def test_failed_logins_are_throttled_per_account(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    make_user()
    for n in range(3):
        with pytest.raises(BadCredentials):
            await _log_in(uow, passwords, tokens, throttle, password="guess", client=f"c{n}")
    with pytest.raises(TooManyAttempts) as blocked:
        await _log_in(uow, passwords, tokens, throttle, client="c9")
    assert 0 < int(blocked.value.headers["Retry-After"]) <= 60


async def test_failed_logins_are_throttled_per_client(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    make_user()
    for n in range(3):
        with pytest.raises(BadCredentials):
            await _log_in(uow, passwords, tokens, throttle, email=f"n{n}@example.com")
    with pytest.raises(TooManyAttempts):
        await _log_in(uow, passwords, tokens, throttle)


async def test_successful_logins_do_not_add_up(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    make_user()
    for _ in range(6):
        await _log_in(uow, passwords, tokens, throttle)


async def test_a_hash_with_old_parameters_is_upgraded_on_login(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    user = make_user()
    user.password_hash = "legacy-hash"
    passwords.verify = _accept_anything
    await _log_in(uow, passwords, tokens, throttle)
    assert user.password_hash == "hashed:correct horse"


async def _accept_anything(password_hash: str | None, password: str) -> bool:
    return password_hash is not None


async def _signed_in(uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any) -> Any:
    make_user()
    return await _log_in(uow, passwords, tokens, throttle)


async def test_refresh_spends_the_token_and_rotates_within_the_family(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    first = await _signed_in(uow, passwords, tokens, throttle, make_user)
    first.user.role = "professor"  # changed by an admin meanwhile
    second = await sessions.refresh(
        uow=uow, tokens=tokens, refresh_token=first.tokens.refresh_token
    )
    assert uow.sessions.tokens[first.tokens.refresh.jti].spent_at is not None
    assert second.tokens.refresh.family_id == first.tokens.refresh.family_id
    assert second.tokens.refresh.jti != first.tokens.refresh.jti
    assert tokens.read_refresh(second.tokens.refresh_token).user_id == first.user.id
    assert "professor" in str(_claims(second.tokens.access_token))


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


async def test_a_spent_refresh_token_revokes_its_family(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    first = await _signed_in(uow, passwords, tokens, throttle, make_user)
    second = await sessions.refresh(
        uow=uow, tokens=tokens, refresh_token=first.tokens.refresh_token
    )
    with pytest.raises(SessionEnded, match="already used"):
        await sessions.refresh(uow=uow, tokens=tokens, refresh_token=first.tokens.refresh_token)
    assert uow.sessions.families[first.tokens.refresh.family_id].revoked_at is not None
    with pytest.raises(SessionEnded):
        await sessions.refresh(uow=uow, tokens=tokens, refresh_token=second.tokens.refresh_token)


async def test_an_access_token_cannot_refresh(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    signed_in = await _signed_in(uow, passwords, tokens, throttle, make_user)
    with pytest.raises(Unauthenticated):
        await sessions.refresh(uow=uow, tokens=tokens, refresh_token=signed_in.tokens.access_token)


async def test_log_out_revokes_the_family_and_denylists_the_access_token(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any, denylist: Any
) -> None:
    signed_in = await _signed_in(uow, passwords, tokens, throttle, make_user)
    claims = _claims(signed_in.tokens.access_token)
    await sessions.log_out(
        uow=uow,
        denylist=denylist,
        session_id=claims["sid"],
        access_jti=claims["jti"],
        access_expires_at=claims["exp"],
    )
    assert denylist.revoked == {claims["jti"]: claims["exp"]}
    assert uow.events[-1] == AccessTokenRevoked(jti=claims["jti"], expires_at=claims["exp"])
    with pytest.raises(SessionEnded):
        await sessions.refresh(uow=uow, tokens=tokens, refresh_token=signed_in.tokens.refresh_token)


async def test_change_password_keeps_this_session_and_ends_the_others(
    uow: Any, passwords: Any, tokens: Any, throttle: Any, make_user: Any
) -> None:
    this = await _signed_in(uow, passwords, tokens, throttle, make_user)
    other = await _log_in(uow, passwords, tokens, throttle)
    await sessions.change_password(
        uow=uow,
        passwords=passwords,
        throttle=throttle,
        user_id=this.user.id,
        session_id=this.tokens.refresh.family_id,
        current="correct horse",
        new="new secret",
    )
    assert this.user.password_hash == "hashed:new secret"
    families = uow.sessions.families
    assert families[this.tokens.refresh.family_id].revoked_at is None
    assert families[other.tokens.refresh.family_id].revoked_at is not None


async def test_a_wrong_current_password_changes_nothing_and_is_throttled(
    uow: Any, passwords: Any, throttle: Any, make_user: Any
) -> None:
    user = make_user()

    async def attempt() -> None:
        await sessions.change_password(
            uow=uow, passwords=passwords, throttle=throttle, user_id=user.id,
            session_id=None, current="guess", new="new secret",
        )  # fmt: skip

    for _ in range(3):
        with pytest.raises(ValidationFailed):
            await attempt()
    with pytest.raises(TooManyAttempts):
        await attempt()
    assert user.password_hash == "hashed:correct horse"
    assert uow.commits == 0
