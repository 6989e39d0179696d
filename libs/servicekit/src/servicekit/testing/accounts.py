"""Accounts on a running platform, for end-to-end tests that act as a client would."""

from __future__ import annotations

import uuid
from typing import NamedTuple

import httpx

PASSWORD = "correct horse battery"  # noqa: S105  test accounts only


class Account(NamedTuple):
    id: str
    email: str
    headers: dict[str, str]  # a bearer token issued at sign-up


def login(api: httpx.Client, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Auth headers with a fresh access token (it carries the role at this moment)."""
    response = api.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def register(api: httpx.Client) -> Account:
    """A new learner, logged in."""
    email = f"learner-{uuid.uuid4().hex[:8]}@example.com"
    response = api.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "full_name": "Ada Learner"}
    )
    assert response.status_code == 201, response.text
    return Account(response.json()["user"]["id"], email, login(api, email))
