"""Argon2 parameters, the in-process throttle, token claims and the request schemas."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from argon2 import PasswordHasher
from pydantic import ValidationError

from identity.api.schemas import UpdateMe
from identity.domain.users import may_view, merge
from identity.security import throttle as throttle_module
from identity.security.passwords import Argon2Passwords
from identity.security.throttle import LoginThrottle
from identity.security.tokens import TokenService
from servicekit.errors import Unauthenticated


@pytest.fixture(scope="module")
def argon2() -> Argon2Passwords:
    return Argon2Passwords()


async def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(
    argon2: Argon2Passwords,
) -> None:
    hashed = await argon2.hash("correct horse")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await argon2.verify(hashed, "correct horse")
    assert not await argon2.verify(hashed, "wrong horse")
    assert not await argon2.verify(None, "correct horse")
    assert not await argon2.verify("not a hash", "correct horse")


def test_weaker_hashes_need_a_rehash(argon2: Argon2Passwords) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("x")
    assert argon2.needs_rehash(weak)


async def test_the_throttle_counts_per_key_and_forgives_successes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(throttle_module.time, "time", lambda: 6000.0 + 15)
    throttle = LoginThrottle(limit=2)
    assert await throttle.attempt("a", "b") == 0
    await throttle.forgive("a", "b")
    assert await throttle.attempt("a") == 0
    assert await throttle.attempt("a") == 0
    assert await throttle.attempt("a") == 45  # the rest of the minute
    assert await throttle.attempt("b") == 0
    monkeypatch.setattr(throttle_module.time, "time", lambda: 6060.0)
    assert await throttle.attempt("a") == 0  # a new window
    assert throttle._counts == {"a": 1}  # and the old window's counts are gone


def test_access_and_refresh_claims_differ_in_type_and_audience(tokens: TokenService) -> None:
    issued = tokens.issue(user_id="u1", role="student", family_id="f1")
    access = jwt.decode(issued.access_token, options={"verify_signature": False})
    refresh = jwt.decode(issued.refresh_token, options={"verify_signature": False})
    assert (access["typ"], access["aud"], access["sid"]) == ("access", "test", "f1")
    assert (refresh["typ"], refresh["aud"], refresh["fam"]) == ("refresh", "test:refresh", "f1")
    assert "role" not in refresh
    assert tokens.read_refresh(issued.refresh_token).family_id == "f1"
    with pytest.raises(Unauthenticated):
        tokens.read_refresh(issued.access_token)


@pytest.mark.parametrize(
    "body",
    [{}, {"role": "admin"}, {"full_name": None}, {"profile": {}}, {"preferences": None}],
    ids=["empty", "role", "null name", "empty section", "null section"],
)
def test_update_me_refuses(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        UpdateMe.model_validate(body)


def test_update_me_keeps_explicit_nulls_as_clears() -> None:
    patch = UpdateMe.model_validate({"selected_role": None, "profile": {"job_titles": None}})
    assert patch.changes() == {"selected_role": None, "profile": {"job_titles": None}}


def test_merge_replaces_and_null_removes() -> None:
    assert merge({"a": 1, "b": 2}, {"a": 3, "b": None, "c": 4}) == {"a": 3, "c": 4}


def test_who_may_view_whom() -> None:
    assert may_view(viewer_id="u", viewer_role="student", user_id="u")
    assert not may_view(viewer_id="u", viewer_role="student", user_id="v")
    assert may_view(viewer_id="u", viewer_role="professor", user_id="v")
    assert may_view(viewer_id="u", viewer_role="admin", user_id="v")
