"""Identity's /auth routes through HTTP: register, log in, refresh, log out, JWKS, password."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import jwt
import pytest
from fastapi import FastAPI

from identity.main import create_app
from servicekit.testing.client import app_client

if TYPE_CHECKING:
    from conftest import Api

pytestmark = pytest.mark.integration


async def test_register_answers_tokens_and_the_user(api: Api) -> None:
    account = await api.register(selected_role="Backend Engineer", username="ada_l")
    assert account["token_type"] == "bearer"
    assert account["expires_in"] == 900
    user = account["user"]
    assert (user["role"], user["selected_role"], user["username"]) == (
        "student",
        "Backend Engineer",
        "ada_l",
    )
    assert user["email"] == account["email"]
    assert user["created_at"].endswith("Z")
    assert user["last_login"] is None
    assert "password_hash" not in user
    assert (await api.me(account["access_token"])).json() == user


async def test_a_taken_email_answers_409_whatever_its_case(api: Api) -> None:
    account = await api.register()
    again = await api.client.post(
        "/api/v1/auth/register",
        json={"email": account["email"].upper(), "password": api.password, "full_name": "Copy"},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "CONFLICT"
    assert again.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        {"email": "short@example.com", "password": "1234567", "full_name": "S"},
        {"email": "not an email", "password": "long enough", "full_name": "S"},
        {
            "email": "track@example.com",
            "password": "long enough",
            "full_name": "S",
            "selected_role": "admin",
        },
        {"email": "role@example.com", "password": "long enough", "full_name": "S", "role": "admin"},
    ],
    ids=["short password", "bad email", "unknown track", "role field"],
)
async def test_an_invalid_registration_answers_422(api: Api, body: dict[str, str]) -> None:
    response = await api.client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert response.json()["errors"]


async def test_login_answers_a_new_session_and_records_it(api: Api) -> None:
    account = await api.register()
    response = await api.login(account["email"].upper())
    assert response.status_code == 200
    answer = response.json()
    assert answer["user"]["id"] == account["user"]["id"]
    assert answer["user"]["last_login"] is not None
    assert answer["refresh_token"] != account["refresh_token"]


async def test_the_oauth2_password_form_logs_in(api: Api) -> None:
    account = await api.register()
    form = await api.client.post(
        "/api/v1/auth/token", data={"username": account["email"], "password": api.password}
    )
    assert form.status_code == 200
    assert form.json()["token_type"] == "bearer"
    missing = await api.client.post("/api/v1/auth/token", data={"username": account["email"]})
    assert missing.status_code == 422
    huge = {"username": account["email"], "password": "x" * 10_000}
    assert (await api.client.post("/api/v1/auth/token", data=huge)).status_code == 422
    other_grant = {"username": account["email"], "password": api.password, "grant_type": "code"}
    assert (await api.client.post("/api/v1/auth/token", data=other_grant)).status_code == 422


async def test_tokens_carry_the_agreed_claims(api: Api, app: FastAPI) -> None:
    account = await api.register()
    header = jwt.get_unverified_header(account["access_token"])
    assert header["alg"] == "RS256"
    assert header["kid"]
    claims = jwt.decode(account["access_token"], options={"verify_signature": False})
    assert {"iss", "aud", "sub", "role", "jti", "iat", "nbf", "exp", "typ", "sid"} <= set(claims)
    settings = app.state.settings
    assert (claims["iss"], claims["aud"]) == (settings.jwt_issuer, settings.jwt_audience)
    assert (claims["typ"], claims["role"]) == ("access", "student")
    assert claims["exp"] - claims["iat"] == settings.access_token_ttl_seconds
    refresh = jwt.decode(account["refresh_token"], options={"verify_signature": False})
    assert refresh["typ"] == "refresh"
    assert refresh["exp"] - refresh["iat"] == settings.refresh_token_ttl_seconds
    assert refresh["fam"] == claims["sid"]


async def test_the_jwks_publishes_the_signing_key_without_its_private_part(api: Api) -> None:
    account = await api.register()
    response = await api.client.get("/api/v1/auth/jwks")
    assert response.status_code == 200
    keys = response.json()["keys"]
    kid = jwt.get_unverified_header(account["access_token"])["kid"]
    assert kid in [key["kid"] for key in keys]
    for key in keys:
        assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
    public = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    jwt.decode(account["access_token"], public.key, algorithms=["RS256"], audience="whetstone")


async def test_refresh_rotates_the_pair(api: Api) -> None:
    account = await api.register()
    response = await api.refresh(account["refresh_token"])
    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh_token"] != account["refresh_token"]
    assert (await api.me(rotated["access_token"])).status_code == 200
    assert (await api.refresh(rotated["refresh_token"])).status_code == 200


async def test_logout_answers_204_and_ends_the_session(api: Api) -> None:
    account = await api.register()
    out = await api.client.post("/api/v1/auth/logout", headers=api.bearer(account["access_token"]))
    assert out.status_code == 204
    assert (await api.me(account["access_token"])).status_code == 401
    assert (await api.refresh(account["refresh_token"])).status_code == 401
    assert (await api.client.post("/api/v1/auth/logout")).status_code == 401


async def test_changing_the_password_ends_every_other_session(api: Api) -> None:
    account = await api.register()
    other = (await api.login(account["email"])).json()
    changed = await api.client.post(
        "/api/v1/users/me/password",
        headers=api.bearer(account["access_token"]),
        json={"current_password": api.password, "new_password": "a new secret"},
    )
    assert changed.status_code == 204
    assert (await api.refresh(other["refresh_token"])).status_code == 401
    assert (await api.refresh(account["refresh_token"])).status_code == 200
    assert (await api.login(account["email"])).status_code == 401
    assert (await api.login(account["email"], "a new secret")).status_code == 200


async def test_a_wrong_current_password_changes_nothing(api: Api) -> None:
    account = await api.register()
    wrong = await api.client.post(
        "/api/v1/users/me/password",
        headers=api.bearer(account["access_token"]),
        json={"current_password": "not it at all", "new_password": "a new secret"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["loc"] == ["body", "current_password"]
    assert (await api.login(account["email"])).status_code == 200


async def test_the_first_admin_is_made_once_and_kept_across_restarts(
    api: Api, app: FastAPI
) -> None:
    admin = await api.admin()
    assert admin["user"]["role"] == "admin"
    async with app_client(create_app(app.state.settings)) as again:
        relogin = await again.post(
            "/api/v1/auth/login",
            json={"email": api.admin_email, "password": "root password 123"},
        )
        assert relogin.json()["user"]["id"] == admin["user"]["id"]
        listing = await again.get(
            "/api/v1/admin/users",
            params={"role": "admin"},
            headers=api.bearer(relogin.json()["access_token"]),
        )
        assert listing.json()["total"] == 1


async def test_no_admin_is_made_without_both_variables(app: FastAPI) -> None:
    settings = app.state.settings.model_copy(update={"admin_password": None})
    async with app_client(create_app(settings)) as client:
        response = await client.post(
            "/api/v1/auth/login",
            json={"email": settings.admin_email, "password": "root password 123"},
        )
        assert response.status_code == 401


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    assert (await client.get("/ready")).status_code == 200
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert {"/api/v1/auth/token", "/api/v1/users/me/password", "/api/v1/admin/users"} <= set(paths)
