"""Identity through its HTTP API: accounts, tokens, sessions, roles, and the attacks on them."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from fastapi import FastAPI

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery"


async def register(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Test User", **extra},
    )
    assert response.status_code == 201, response.text
    return {**response.json(), "email": email}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_register_answers_tokens_and_the_user(client: httpx.AsyncClient) -> None:
    account = await register(client, selected_role="Backend Engineer")
    assert account["token_type"] == "bearer"
    assert account["expires_in"] == 900
    assert account["user"]["role"] == "student"
    me = await client.get("/api/v1/users/me", headers=bearer(account["access_token"]))
    assert me.json()["selected_role"] == "Backend Engineer"
    again = await client.post(
        "/api/v1/auth/register",
        json={"email": account["email"].upper(), "password": PASSWORD, "full_name": "Copy"},
    )
    assert again.status_code == 409
    short = await client.post(
        "/api/v1/auth/register",
        json={"email": "short@example.com", "password": "1234567", "full_name": "S"},
    )
    assert short.status_code == 422


async def test_the_oauth2_form_and_the_jwks(client: httpx.AsyncClient) -> None:
    account = await register(client)
    form = await client.post(
        "/api/v1/auth/token", data={"username": account["email"], "password": PASSWORD}
    )
    assert form.status_code == 200
    jwks = (await client.get("/api/v1/auth/jwks")).json()
    kid = jwt.get_unverified_header(form.json()["access_token"])["kid"]
    assert kid in [k["kid"] for k in jwks["keys"]]
    assert all("d" not in k for k in jwks["keys"])  # never the private part


async def test_unknown_email_and_wrong_password_answer_the_same(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    wrong = await login(client, account["email"], "not the password")
    unknown = await login(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_brute_force_is_throttled_per_account(client: httpx.AsyncClient) -> None:
    account = await register(client)
    for _ in range(5):
        assert (await login(client, account["email"], "guess")).status_code == 401
    blocked = await login(client, account["email"], PASSWORD)
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "RATE_LIMITED"
    assert int(blocked.headers["Retry-After"]) > 0


async def test_refresh_rotates_and_reuse_revokes_the_family(client: httpx.AsyncClient) -> None:
    account = await register(client)
    first = account["refresh_token"]
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 401
    # the thief's replay ended the session: the legitimate newer token is dead too
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": second})
    assert after.status_code == 401


async def test_concurrent_refreshes_of_one_token_cannot_both_succeed(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    answers = await asyncio.gather(
        *(
            client.post("/api/v1/auth/refresh", json={"refresh_token": account["refresh_token"]})
            for _ in range(2)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 401]


async def test_access_and_refresh_tokens_never_stand_in_for_each_other(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    as_access = await client.get("/api/v1/users/me", headers=bearer(account["refresh_token"]))
    assert as_access.status_code == 401
    as_refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": account["access_token"]}
    )
    assert as_refresh.status_code == 401


async def test_logout_refuses_the_access_token_and_ends_the_session(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    out = await client.post(
        "/api/v1/auth/logout",
        json={"refresh_token": account["refresh_token"]},
        headers=bearer(account["access_token"]),
    )
    assert out.status_code == 204
    assert (
        await client.get("/api/v1/users/me", headers=bearer(account["access_token"]))
    ).status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": account["refresh_token"]}
    )
    assert refreshed.status_code == 401


async def test_changing_the_password_ends_other_sessions(client: httpx.AsyncClient) -> None:
    account = await register(client)
    other = (await login(client, account["email"])).json()
    changed = await client.post(
        "/api/v1/users/me/password",
        headers=bearer(account["access_token"]),
        json={
            "current_password": PASSWORD,
            "new_password": "a new secret",
            "refresh_token": account["refresh_token"],
        },
    )
    assert changed.status_code == 204
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]})
    ).status_code == 401
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": account["refresh_token"]})
    ).status_code == 200
    assert (await login(client, account["email"], "a new secret")).status_code == 200


async def test_role_cannot_be_mass_assigned_and_empty_patch_is_refused(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    auth = bearer(account["access_token"])
    sneaky = await client.patch(
        "/api/v1/users/me", json={"full_name": "X", "role": "admin"}, headers=auth
    )
    assert sneaky.status_code == 422
    assert (await client.patch("/api/v1/users/me", json={}, headers=auth)).status_code == 422
    ok = await client.patch(
        "/api/v1/users/me", json={"preferences": {"theme": "dark"}}, headers=auth
    )
    assert ok.json()["preferences"] == {"theme": "dark"}
    assert ok.json()["role"] == "student"


async def test_admins_manage_roles_and_students_cannot_read_others(
    client: httpx.AsyncClient,
) -> None:
    student, other = await register(client), await register(client)
    admin = (await login(client, "root@example.com", "root password 123")).json()
    assert admin["user"]["role"] == "admin"
    peek = await client.get(
        f"/api/v1/users/{other['user']['id']}", headers=bearer(student["access_token"])
    )
    assert peek.status_code == 403
    promoted = await client.put(
        f"/api/v1/admin/users/{student['user']['id']}/role",
        json={"role": "professor"},
        headers=bearer(admin["access_token"]),
    )
    assert promoted.json()["role"] == "professor"
    # the role changes with the next token, at the latest when the current one expires
    fresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student["refresh_token"]}
    )
    professor = bearer(fresh.json()["access_token"])
    assert (
        await client.get(f"/api/v1/users/{other['user']['id']}", headers=professor)
    ).status_code == 200
    listing = await client.get(
        "/api/v1/admin/users", params={"role": "professor"}, headers=bearer(admin["access_token"])
    )
    assert student["user"]["id"] in [u["id"] for u in listing.json()["items"]]
    denied = await client.get("/api/v1/admin/users", headers=professor)
    assert denied.status_code == 403


def _forge(
    claims: dict[str, Any], header: dict[str, Any], key: Any = None, alg: str = "RS256"
) -> str:
    return jwt.encode(claims, key, algorithm=alg, headers=header)


async def test_forged_tokens_are_refused(client: httpx.AsyncClient, app: FastAPI) -> None:
    account = await register(client)
    token = account["access_token"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    keys = app.state.runtime.extras["keys"]
    public_pem = keys.public_key(header["kid"]).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    head, body, signature = token.split(".")
    none_header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    tampered_body = base64.urlsafe_b64encode(json.dumps({**claims, "role": "admin"}).encode())
    now = int(time.time())
    private = keys._private[header["kid"]]
    attacks = {
        "alg none": none_header.decode().rstrip("=") + "." + body + ".",
        "HS256 with the public key": _hs256(claims, header["kid"], public_pem),
        "unknown kid": _forge(claims, {"kid": "nope"}, private),
        "injected kid": _forge(claims, {"kid": "../../etc/passwd' OR 1=1"}, private),
        "expired": _forge(
            {**claims, "exp": now - 60, "iat": now - 120, "nbf": now - 120},
            {"kid": header["kid"]},
            private,
        ),
        "not yet valid": _forge({**claims, "nbf": now + 600}, {"kid": header["kid"]}, private),
        "wrong issuer": _forge({**claims, "iss": "evil"}, {"kid": header["kid"]}, private),
        "wrong audience": _forge({**claims, "aud": "other"}, {"kid": header["kid"]}, private),
        "tampered payload": f"{head}.{tampered_body.decode().rstrip('=')}.{signature}",
    }
    for name, forged in attacks.items():
        response = await client.get("/api/v1/users/me", headers=bearer(forged))
        assert response.status_code == 401, name
    assert (await client.get("/api/v1/users/me", headers=bearer(token))).status_code == 200


def _hs256(claims: dict[str, Any], kid: str, secret: bytes) -> str:
    import hashlib
    import hmac

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{part(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


async def test_a_forged_forwarded_for_does_not_escape_the_address_throttle(
    client: httpx.AsyncClient,
) -> None:
    # The test client stands for the gateway (a trusted proxy on loopback): it appends the
    # real client, 198.51.100.7, after whatever the client itself claimed.
    for n in range(5):
        await client.post(
            "/api/v1/auth/login",
            json={"email": f"n{n}@example.com", "password": "guess"},
            headers={"X-Forwarded-For": f"10.0.0.{n}, 198.51.100.7"},
        )
    blocked = await client.post(
        "/api/v1/auth/login",
        json={"email": "fresh@example.com", "password": "guess"},
        headers={"X-Forwarded-For": "10.9.9.9, 198.51.100.7"},
    )
    assert blocked.status_code == 429
    elsewhere = await client.post(
        "/api/v1/auth/login",
        json={"email": "fresh@example.com", "password": "guess"},
        headers={"X-Forwarded-For": "198.51.100.8"},
    )
    assert elsewhere.status_code == 401


async def test_a_logged_out_token_is_refused_by_every_instance_sharing_redis(
    settings: Any, redis_url: str
) -> None:
    from identity.main import create_app
    from servicekit.testing.client import app_client

    shared = settings.model_copy(update={"redis_url": redis_url})
    async with app_client(create_app(shared)) as first, app_client(create_app(shared)) as second:
        account = await register(first)
        auth = bearer(account["access_token"])
        assert (await second.get("/api/v1/users/me", headers=auth)).status_code == 200
        assert (await first.post("/api/v1/auth/logout", headers=auth)).status_code == 204
        assert (await second.get("/api/v1/users/me", headers=auth)).status_code == 401
