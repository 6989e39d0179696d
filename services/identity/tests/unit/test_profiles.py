"""Use cases of profiles on in-memory fakes: who sees whom, and patching one's own."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.identity import UserUpdated
from identity.domain.errors import UsernameTaken, UserNotFound
from identity.services import profiles


async def test_staff_see_anyone_and_others_only_themselves(uow: Any, make_user: Any) -> None:
    student, other, professor = make_user(), make_user(), make_user("professor")
    view = profiles.view_user
    assert await view(uow=uow, viewer_id=student.id, viewer_role="student", user_id=student.id)
    assert await view(uow=uow, viewer_id=professor.id, viewer_role="professor", user_id=other.id)
    with pytest.raises(UserNotFound):
        await view(uow=uow, viewer_id=student.id, viewer_role="student", user_id=other.id)


async def test_update_profile_merges_sections_and_announces(uow: Any, make_user: Any) -> None:
    user = make_user(profile={"experience_level": "mid", "job_titles": ["SWE"]})
    changes = {
        "full_name": "Grace",
        "selected_role": "Systems Engineer",
        "profile": {"experience_level": None, "primary_languages": ["c"]},
        "preferences": {"theme": "dark"},
    }
    await profiles.update_profile(uow=uow, user_id=user.id, changes=changes)
    assert user.profile == {"job_titles": ["SWE"], "primary_languages": ["c"]}
    assert user.preferences == {"theme": "dark"}
    assert uow.events == [
        UserUpdated(
            user_id=user.id, full_name="Grace", selected_role="Systems Engineer", time_zone="UTC"
        )
    ]


async def test_a_time_zone_is_kept_announced_and_cleared_back_to_utc(
    uow: Any, make_user: Any
) -> None:
    user = make_user(preferences={"theme": "dark"})
    paris = {"preferences": {"time_zone": "Europe/Paris"}}
    await profiles.update_profile(uow=uow, user_id=user.id, changes=paris)
    assert user.preferences == {"theme": "dark", "time_zone": "Europe/Paris"}
    cleared = {"preferences": {"time_zone": None}}
    await profiles.update_profile(uow=uow, user_id=user.id, changes=cleared)
    assert user.preferences == {"theme": "dark"}
    assert [e.time_zone for e in uow.events] == ["Europe/Paris", "UTC"]


async def test_update_profile_never_touches_the_role(uow: Any, make_user: Any) -> None:
    """Even if a body let `role` through, the use case only applies the profile's fields."""
    user = make_user()
    changes = {"full_name": "Mallory", "role": "admin", "password_hash": "x", "email": "x@y.z"}
    await profiles.update_profile(uow=uow, user_id=user.id, changes=changes)
    assert (user.full_name, user.role, user.email) == ("Mallory", "student", "user0@example.com")
    assert user.password_hash == "hashed:correct horse"


async def test_a_taken_username_is_refused(uow: Any, make_user: Any) -> None:
    make_user(username="taken")
    user = make_user()
    with pytest.raises(UsernameTaken):
        await profiles.update_profile(uow=uow, user_id=user.id, changes={"username": "taken"})
    assert uow.commits == 0
