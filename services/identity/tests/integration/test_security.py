"""Attacks on identity, from RFC 8725 (JWT BCP), RFC 9700 (OAuth security BCP) and the
OWASP API Security Top 10. Each test isolates one protection: the forged tokens are signed
with identity's real key, so only the check under test stands between them and a 200."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import statistics
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from fastapi import FastAPI
from jwt.algorithms import RSAAlgorithm

if TYPE_CHECKING:
    from conftest import Api

pytestmark = pytest.mark.integration


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _part(data: dict[str, Any]) -> str:
    return _b64(json.dumps(data).encode())


class Forger:
    """Makes tokens with identity's own private key, so the signature is never the obstacle."""

    def __init__(self, app: FastAPI, token: str) -> None:
        self.header = jwt.get_unverified_header(token)
        self.claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        self.token = token
        ring = app.state.runtime.extras["identity"].keys
        self.kid: str = self.header["kid"]
        self.private = ring._private[self.kid]  # the test plays an attacker who stole nothing
        self.public_pem = self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, kid: Any = None, **changes: Any) -> str:
        """RS256 with the real key, by hand: PyJWT will not write some of these headers."""
        claims = {k: v for k, v in {**self.claims, **changes}.items() if v is not None}
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid if kid is None else kid}
        signing_input = f"{_part(header)}.{_part(claims)}"
        signature = RSAAlgorithm(RSAAlgorithm.SHA256).sign(signing_input.encode(), self.private)
        return f"{signing_input}.{_b64(signature)}"


@pytest.fixture
async def victim(api: Api) -> dict[str, Any]:
    return await api.register()


@pytest.fixture
def forger(app: FastAPI, victim: dict[str, Any]) -> Forger:
    return Forger(app, victim["access_token"])


def _alg_none(f: Forger) -> str:
    return f"{_part({'alg': 'none', 'typ': 'JWT', 'kid': f.kid})}.{_part(f.claims)}."


def _hs256_with_public_key(f: Forger) -> str:
    # The classic key confusion: the verifier's public key used as an HMAC secret.
    signing_input = f"{_part({'alg': 'HS256', 'typ': 'JWT', 'kid': f.kid})}.{_part(f.claims)}"
    mac = hmac.new(f.public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(mac)}"


def _tampered(f: Forger) -> str:
    head, _, signature = f.token.split(".")
    return f"{head}.{_part({**f.claims, 'role': 'admin'})}.{signature}"


NOW = int(time.time())
ATTACKS: dict[str, Callable[[Forger], str]] = {
    "alg none": _alg_none,
    "HS256 signed with the public key": _hs256_with_public_key,
    "unknown kid": lambda f: f.sign(kid="a-key-nobody-has"),
    "path traversal kid": lambda f: f.sign(kid="../../../../etc/passwd"),
    "SQL injection kid": lambda f: f.sign(kid="x' OR '1'='1' --"),
    "non-string kid": lambda f: f.sign(kid={"$ne": None}),
    "expired": lambda f: f.sign(exp=int(time.time()) - 60, iat=NOW - 1000, nbf=NOW - 1000),
    "not yet valid": lambda f: f.sign(nbf=int(time.time()) + 600),
    "no expiry": lambda f: f.sign(exp=None),
    "wrong issuer": lambda f: f.sign(iss="https://evil.example"),
    "wrong audience": lambda f: f.sign(aud="some-other-api"),
    "tampered payload": _tampered,
    "refresh type at the access audience": lambda f: f.sign(typ="refresh"),
    "unknown role": lambda f: f.sign(role="superuser"),
}


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
async def test_a_forged_access_token_is_refused(api: Api, forger: Forger, attack: str) -> None:
    forged = ATTACKS[attack](forger)
    response = await api.me(forged)
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "UNAUTHENTICATED"
    assert (await api.me(forger.token)).status_code == 200  # the genuine one still works


async def test_a_refresh_token_is_not_an_access_token(api: Api, victim: dict[str, Any]) -> None:
    assert (await api.me(victim["refresh_token"])).status_code == 401


async def test_an_access_token_is_not_a_refresh_token(
    api: Api, app: FastAPI, victim: dict[str, Any], forger: Forger
) -> None:
    assert (await api.refresh(victim["access_token"])).status_code == 401
    # Everything a refresh token has, but typed as access: only the `typ` check is left.
    refresh_claims = jwt.decode(victim["refresh_token"], options={"verify_signature": False})
    typed_access = forger.sign(**{**refresh_claims, "typ": "access"})
    assert (await api.refresh(typed_access)).status_code == 401
    assert (await api.refresh(victim["refresh_token"])).status_code == 200


async def test_reusing_a_spent_refresh_token_revokes_its_family(
    api: Api, victim: dict[str, Any]
) -> None:
    rotated = await api.refresh(victim["refresh_token"])
    assert rotated.status_code == 200
    reuse = await api.refresh(victim["refresh_token"])
    assert reuse.status_code == 401
    # the replay ended the session: the holder of the newer token is logged out as well
    assert (await api.refresh(rotated.json()["refresh_token"])).status_code == 401


async def test_of_concurrent_refreshes_with_one_token_exactly_one_succeeds(
    api: Api, victim: dict[str, Any]
) -> None:
    answers = await asyncio.gather(*(api.refresh(victim["refresh_token"]) for _ in range(5)))
    assert sorted(a.status_code for a in answers) == [200, 401, 401, 401, 401]


async def test_an_access_token_is_refused_after_logout(api: Api, victim: dict[str, Any]) -> None:
    auth = api.bearer(victim["access_token"])
    assert (await api.client.post("/api/v1/auth/logout", headers=auth)).status_code == 204
    response = await api.me(victim["access_token"])
    assert response.status_code == 401
    assert response.json()["detail"] == "Token revoked"


@pytest.mark.parametrize("field", ["role", "id", "email", "password_hash", "created_at"])
async def test_mass_assignment_on_patch_me_changes_nothing(
    api: Api, victim: dict[str, Any], field: str
) -> None:
    value = {"role": "admin", "id": str(uuid.uuid4()), "created_at": "2000-01-01T00:00:00Z"}
    body = {"full_name": "Mallory", field: value.get(field, "x@example.com")}
    response = await api.client.patch(
        "/api/v1/users/me", json=body, headers=api.bearer(victim["access_token"])
    )
    assert response.status_code == 422
    me = (await api.me(victim["access_token"])).json()
    assert me == victim["user"]  # nothing applied, not even the allowed part
    fresh = (await api.refresh(victim["refresh_token"])).json()
    claims = jwt.decode(fresh["access_token"], options={"verify_signature": False})
    assert claims["role"] == "student"


async def test_a_student_cannot_read_another_user(api: Api, victim: dict[str, Any]) -> None:
    """BOLA: another user's profile answers exactly like a user that does not exist."""
    student = await api.register()
    auth = api.bearer(student["access_token"])
    other = await api.client.get(f"/api/v1/users/{victim['user']['id']}", headers=auth)
    nobody = await api.client.get(f"/api/v1/users/{uuid.uuid4()}", headers=auth)
    assert other.status_code == nobody.status_code == 404
    assert other.json() == nobody.json()
    own = await api.client.get(f"/api/v1/users/{student['user']['id']}", headers=auth)
    assert own.status_code == 200


@pytest.mark.parametrize("role", ["student", "professor"])
async def test_admin_functions_are_refused_to_others(api: Api, role: str) -> None:
    """BFLA: the admin routes check the role themselves, not only the gateway."""
    admin, user = await api.admin(), await api.register()
    if role != "student":
        await api.client.put(
            f"/api/v1/admin/users/{user['user']['id']}/role",
            json={"role": role},
            headers=api.bearer(admin["access_token"]),
        )
        user = (await api.refresh(user["refresh_token"])).json()
    auth = api.bearer(user["access_token"])
    assert (await api.client.get("/api/v1/admin/users", headers=auth)).status_code == 403
    escalate = await api.client.put(
        f"/api/v1/admin/users/{user['user']['id']}/role", json={"role": "admin"}, headers=auth
    )
    assert escalate.status_code == 403


async def test_brute_force_on_one_account_is_throttled(api: Api, victim: dict[str, Any]) -> None:
    for n in range(5):
        assert (await api.login(victim["email"], f"guess {n}")).status_code == 401
    blocked = await api.login(victim["email"])  # even the right password, for now
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "RATE_LIMITED"
    assert 0 < int(blocked.headers["Retry-After"]) <= 60


async def test_password_spraying_from_one_client_is_throttled(api: Api) -> None:
    for n in range(5):
        assert (await api.login(f"spray-{n}@example.com", "Winter2026!")).status_code == 401
    assert (await api.login("spray-last@example.com", "Winter2026!")).status_code == 429


async def test_a_forged_forwarded_for_does_not_escape_the_client_throttle(api: Api) -> None:
    # The test client's address is a trusted proxy (the gateway): the client it names last
    # (198.51.100.7) is counted, whatever that client wrote before it.
    for n in range(5):
        forged = {"X-Forwarded-For": f"10.0.0.{n}, 198.51.100.7"}
        assert (await api.login(f"n{n}@example.com", "guess", forged)).status_code == 401
    again = {"X-Forwarded-For": "10.9.9.9, 198.51.100.7"}
    assert (await api.login("fresh@example.com", "guess", again)).status_code == 429
    elsewhere = {"X-Forwarded-For": "198.51.100.8"}
    assert (await api.login("fresh@example.com", "guess", elsewhere)).status_code == 401


async def test_an_untrusted_peer_cannot_pick_its_address(api: Api, app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as direct:
        for n in range(6):
            answer = await direct.post(
                "/api/v1/auth/login",
                json={"email": f"d{n}@example.com", "password": "guess"},
                headers={"X-Forwarded-For": f"192.0.2.{n}"},
            )
    assert answer.status_code == 429


async def test_unknown_email_and_wrong_password_are_indistinguishable(
    api: Api, victim: dict[str, Any]
) -> None:
    """Enumeration: the same status and body, and about the same time (a dummy hash is checked)."""

    async def timed(email: str, n: int) -> tuple[float, httpx.Response]:
        started = time.perf_counter()
        headers = {"X-Forwarded-For": f"198.51.100.{n}"}  # one client each: not throttled
        response = await api.login(email, "not the password", headers)
        return time.perf_counter() - started, response

    wrong = [await timed(victim["email"], n) for n in range(4)]
    unknown = [await timed(f"nobody-{n}@example.com", 10 + n) for n in range(4)]
    assert {r.status_code for _, r in wrong + unknown} == {401}
    assert {json.dumps(r.json()) for _, r in wrong + unknown} == {json.dumps(wrong[0][1].json())}
    assert wrong[0][1].headers.get("www-authenticate") == unknown[0][1].headers.get(
        "www-authenticate"
    )
    slow, fast = statistics.median(t for t, _ in wrong), statistics.median(t for t, _ in unknown)
    assert fast > slow / 3, (slow, fast)  # without the dummy hash it is ~20x faster


async def test_no_answer_or_event_exposes_a_password_hash(api: Api, victim: dict[str, Any]) -> None:
    admin = await api.admin()
    answers = [
        victim,
        (await api.login(victim["email"])).json(),
        (await api.me(victim["access_token"])).json(),
        (
            await api.client.get("/api/v1/admin/users", headers=api.bearer(admin["access_token"]))
        ).json(),
    ]
    for answer in answers:
        assert "argon2" not in json.dumps(answer)
        assert "password" not in json.dumps(answer)
