"""Identity's /users and /admin/users routes through HTTP: profiles, the user list, roles."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Api

pytestmark = pytest.mark.integration

EMPTY_PROFILE = {
    "experience_level": None,
    "primary_languages": None,
    "job_titles": None,
    "industries": None,
    "areas_of_interest": None,
    "resume_summary": None,
}


async def test_me_shows_every_profile_and_preference_field(api: Api) -> None:
    account = await api.register()
    me = (await api.me(account["access_token"])).json()
    assert set(me) == {
        "id", "email", "username", "full_name", "role", "selected_role",
        "profile", "preferences", "created_at", "last_login",
    }  # fmt: skip
    assert me["profile"] == EMPTY_PROFILE
    assert set(me["preferences"]) == {
        "theme", "notifications", "default_difficulty", "feedback_style", "voice_input_enabled",
        "time_zone",
    }  # fmt: skip
    assert me["preferences"]["time_zone"] == "UTC"


async def test_patch_me_merges_sections_and_null_clears(api: Api) -> None:
    account = await api.register(selected_role="Data Engineer")
    auth = api.bearer(account["access_token"])
    first = await api.client.patch(
        "/api/v1/users/me",
        headers=auth,
        json={
            "full_name": "Grace Hopper",
            "profile": {"experience_level": "senior", "primary_languages": ["python", "go"]},
            "preferences": {"theme": "dark", "notifications": False},
        },
    )
    assert first.status_code == 200, first.text
    second = await api.client.patch(
        "/api/v1/users/me",
        headers=auth,
        json={"selected_role": None, "profile": {"experience_level": None, "job_titles": ["SRE"]}},
    )
    me = second.json()
    assert me["full_name"] == "Grace Hopper"
    assert me["selected_role"] is None
    assert me["profile"] == {
        **EMPTY_PROFILE,
        "primary_languages": ["python", "go"],
        "job_titles": ["SRE"],
    }
    assert (me["preferences"]["theme"], me["preferences"]["notifications"]) == ("dark", False)
    assert (await api.me(account["access_token"])).json() == me


async def test_a_time_zone_preference_is_set_read_and_cleared(api: Api) -> None:
    account = await api.register()
    auth = api.bearer(account["access_token"])
    body = {"preferences": {"time_zone": "America/Los_Angeles", "theme": "dark"}}
    set_zone = await api.client.patch("/api/v1/users/me", headers=auth, json=body)
    assert set_zone.status_code == 200, set_zone.text
    me = (await api.me(account["access_token"])).json()
    assert (me["preferences"]["time_zone"], me["preferences"]["theme"]) == (
        "America/Los_Angeles",
        "dark",
    )
    cleared = await api.client.patch(
        "/api/v1/users/me", headers=auth, json={"preferences": {"time_zone": None}}
    )
    assert (cleared.json()["preferences"]["time_zone"], cleared.json()["preferences"]["theme"]) == (
        "UTC",
        "dark",
    )


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "America", "../../etc/passwd", "Europe/Paris " * 10, ""]
)
async def test_an_unknown_time_zone_answers_422_naming_the_field(api: Api, zone: str) -> None:
    account = await api.register()
    auth = api.bearer(account["access_token"])
    response = await api.client.patch(
        "/api/v1/users/me", headers=auth, json={"preferences": {"time_zone": zone}}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "preferences", "time_zone"]
    me = (await api.me(account["access_token"])).json()
    assert me["preferences"]["time_zone"] == "UTC"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"profile": {}},
        {"full_name": None},
        {"preferences": {"theme": "neon"}},
        {"selected_role": "admin"},
        {"email": "new@example.com"},
    ],
    ids=["empty", "empty section", "null name", "unknown theme", "role as track", "email"],
)
async def test_an_invalid_patch_answers_422(api: Api, body: dict[str, object]) -> None:
    account = await api.register()
    response = await api.client.patch(
        "/api/v1/users/me", headers=api.bearer(account["access_token"]), json=body
    )
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"


async def test_a_taken_username_answers_409(api: Api) -> None:
    await api.register(username="taken_name")
    account = await api.register()
    response = await api.client.patch(
        "/api/v1/users/me",
        headers=api.bearer(account["access_token"]),
        json={"username": "taken_name"},
    )
    assert response.status_code == 409


async def test_staff_read_other_profiles(api: Api) -> None:
    admin, student = await api.admin(), await api.register()
    response = await api.client.get(
        f"/api/v1/users/{student['user']['id']}", headers=api.bearer(admin["access_token"])
    )
    assert response.status_code == 200
    assert response.json()["email"] == student["email"]
    missing = await api.client.get(
        f"/api/v1/users/{uuid.uuid4()}", headers=api.bearer(admin["access_token"])
    )
    assert missing.status_code == 404
    assert missing.json()["code"] == "USER_NOT_FOUND"


async def test_admins_list_users_by_role_a_page_at_a_time(api: Api) -> None:
    admin = await api.admin()
    auth = api.bearer(admin["access_token"])
    for _ in range(3):
        await api.register()
    page = (
        await api.client.get("/api/v1/admin/users", params={"limit": 2, "offset": 1}, headers=auth)
    ).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (4, 2, 1, 2)
    students = await api.client.get("/api/v1/admin/users", params={"role": "student"}, headers=auth)
    assert students.json()["total"] == 3
    assert {u["role"] for u in students.json()["items"]} == {"student"}
    too_many = await api.client.get("/api/v1/admin/users", params={"limit": 101}, headers=auth)
    assert too_many.status_code == 422
    bad_role = await api.client.get("/api/v1/admin/users", params={"role": "root"}, headers=auth)
    assert bad_role.status_code == 422


async def test_a_role_change_shows_in_the_next_token(api: Api) -> None:
    admin, student = await api.admin(), await api.register()
    promoted = await api.client.put(
        f"/api/v1/admin/users/{student['user']['id']}/role",
        json={"role": "professor"},
        headers=api.bearer(admin["access_token"]),
    )
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "professor"
    fresh = (await api.refresh(student["refresh_token"])).json()
    assert fresh["user"]["role"] == "professor"
    other = await api.register()
    response = await api.client.get(
        f"/api/v1/users/{other['user']['id']}", headers=api.bearer(fresh["access_token"])
    )
    assert response.status_code == 200


async def test_role_changes_refuse_bad_input(api: Api) -> None:
    admin = await api.admin()
    auth = api.bearer(admin["access_token"])
    unknown = await api.client.put(
        f"/api/v1/admin/users/{uuid.uuid4()}/role", json={"role": "professor"}, headers=auth
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "USER_NOT_FOUND")
    student = await api.register()
    invalid = await api.client.put(
        f"/api/v1/admin/users/{student['user']['id']}/role", json={"role": "root"}, headers=auth
    )
    assert invalid.status_code == 422
    own = await api.client.put(
        f"/api/v1/admin/users/{admin['user']['id']}/role", json={"role": "student"}, headers=auth
    )
    assert own.status_code == 403
