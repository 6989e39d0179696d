"""Use cases of accounts on in-memory fakes: register, the first admin, roles, the list."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from contracts.identity import UserRegistered, UserRoleChanged
from identity.domain.errors import EmailTaken, OwnRoleChange, UsernameTaken, UserNotFound
from identity.services import accounts


async def _register(uow: Any, passwords: Any, tokens: Any, **fields: Any) -> Any:
    values = {
        "email": "Ada@Example.com",
        "password": "correct horse",
        "full_name": "Ada",
        "username": None,
        "selected_role": "Backend Engineer",
        **fields,
    }
    return await accounts.register(uow=uow, passwords=passwords, tokens=tokens, **values)


async def test_register_makes_a_student_with_a_session_and_announces_it(
    uow: Any, passwords: Any, tokens: Any
) -> None:
    signed_in = await _register(uow, passwords, tokens)
    user = signed_in.user
    assert (user.email, user.role, user.selected_role) == (
        "ada@example.com",
        "student",
        "Backend Engineer",
    )
    assert user.password_hash == "hashed:correct horse"
    assert uow.events == [
        UserRegistered(
            user_id=user.id,
            email="ada@example.com",
            full_name="Ada",
            role="student",
            selected_role="Backend Engineer",
            time_zone="UTC",
        )
    ]
    assert uow.commits == 1  # the account and its first session in one transaction
    refresh = signed_in.tokens.refresh
    assert uow.sessions.tokens[refresh.jti].family_id == refresh.family_id
    assert uow.sessions.families[refresh.family_id].user_id == user.id
    claims = jwt.decode(signed_in.tokens.access_token, options={"verify_signature": False})
    assert (claims["sub"], claims["role"], claims["sid"]) == (user.id, "student", refresh.family_id)


async def test_an_email_is_taken_whatever_its_case(uow: Any, passwords: Any, tokens: Any) -> None:
    await _register(uow, passwords, tokens)
    with pytest.raises(EmailTaken):
        await _register(uow, passwords, tokens, email="ADA@example.COM")
    assert len(uow.events) == 1


async def test_a_username_is_taken_once(uow: Any, passwords: Any, tokens: Any) -> None:
    await _register(uow, passwords, tokens, username="ada")
    with pytest.raises(UsernameTaken):
        await _register(uow, passwords, tokens, email="other@example.com", username="ada")


async def test_ensure_admin_creates_the_first_admin(uow: Any, passwords: Any) -> None:
    admin = await accounts.ensure_admin(
        uow=uow, passwords=passwords, email="root@example.com", password="root password"
    )
    assert admin.role == "admin"
    assert isinstance(uow.events[0], UserRegistered)
    assert uow.events[0].role == "admin"


async def test_ensure_admin_promotes_an_existing_account_and_keeps_its_password(
    uow: Any, passwords: Any, make_user: Any
) -> None:
    user = make_user(email="root@example.com", password="their own")
    await accounts.ensure_admin(
        uow=uow, passwords=passwords, email="root@example.com", password="configured"
    )
    assert user.role == "admin"
    assert user.password_hash == "hashed:their own"
    assert uow.events == [UserRoleChanged(user_id=user.id, old_role="student", new_role="admin")]


async def test_ensure_admin_twice_changes_nothing(uow: Any, passwords: Any) -> None:
    for _ in range(2):
        await accounts.ensure_admin(
            uow=uow, passwords=passwords, email="root@example.com", password="root password"
        )
    assert len(uow.users.rows) == 1
    assert len(uow.events) == 1


async def test_change_role_announces_the_change(uow: Any, make_user: Any) -> None:
    admin, user = make_user("admin"), make_user()
    changed = await accounts.change_role(
        uow=uow, admin_id=admin.id, user_id=user.id, role="professor"
    )
    assert changed.role == "professor"
    assert uow.events == [
        UserRoleChanged(user_id=user.id, old_role="student", new_role="professor")
    ]


async def test_the_same_role_again_is_no_change(uow: Any, make_user: Any) -> None:
    admin, user = make_user("admin"), make_user("professor")
    await accounts.change_role(uow=uow, admin_id=admin.id, user_id=user.id, role="professor")
    assert (uow.events, uow.commits) == ([], 0)


async def test_an_admin_cannot_change_their_own_role(uow: Any, make_user: Any) -> None:
    admin = make_user("admin")
    with pytest.raises(OwnRoleChange):
        await accounts.change_role(uow=uow, admin_id=admin.id, user_id=admin.id, role="student")
    assert admin.role == "admin"


async def test_change_role_of_nobody_is_not_found(uow: Any, make_user: Any) -> None:
    with pytest.raises(UserNotFound):
        await accounts.change_role(uow=uow, admin_id="admin", user_id="nobody", role="admin")


async def test_list_users_filters_by_role_and_pages(uow: Any, make_user: Any) -> None:
    students = [make_user() for _ in range(3)]
    make_user("professor")
    page, total = await accounts.list_users(uow=uow, role="student", limit=2, offset=1)
    assert total == 3
    assert page == students[1:3]
