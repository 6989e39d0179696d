"""Use cases of accounts: register, log in, profiles, roles."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError

from contracts.identity import UserRegistered, UserRoleChanged, UserUpdated
from identity.db.repositories import Users
from identity.db.tables import User
from identity.domain.errors import BadCredentials, EmailTaken, UsernameTaken, UserNotFound
from identity.security.passwords import hash_password, verify_password
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def register(
    *,
    uow: UnitOfWork,
    email: str,
    password: str,
    full_name: str,
    username: str | None,
    selected_role: str | None,
    role: str = "student",
) -> User:
    """Create an account (announced as UserRegistered)."""
    password_hash = await hash_password(password)  # before any query: hold no lock while hashing
    users = Users(uow.session)
    if await users.by_email(email) is not None:
        raise EmailTaken
    if username and await users.by_username(username) is not None:
        raise UsernameTaken
    user = User(
        id=str(uuid.uuid4()),
        email=email.lower(),
        username=username,
        full_name=full_name,
        role=role,
        selected_role=selected_role,
        password_hash=password_hash,
    )
    users.add(user)
    uow.raise_event(
        UserRegistered(
            user_id=user.id,
            email=user.email,
            username=username,
            full_name=full_name,
            role=role,  # type: ignore[arg-type]
            selected_role=selected_role,
        )
    )
    try:
        await uow.commit()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken from exc
    return user


async def authenticate(*, uow: UnitOfWork, email: str, password: str) -> User:
    """The user with these credentials; the same failure for unknown email and wrong password."""
    user = await Users(uow.session).by_email(email)
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        raise BadCredentials
    user.last_login = utcnow()
    uow.session.add(user)
    await uow.commit()
    return user


async def get_user(*, uow: UnitOfWork, user_id: str) -> User:
    """One user, or UserNotFound."""
    user = await Users(uow.session).get(user_id)
    if user is None:
        raise UserNotFound
    return user


async def update_profile(*, uow: UnitOfWork, user_id: str, changes: dict[str, Any]) -> User:
    """Apply profile changes (never the role) and announce them."""
    user = await get_user(uow=uow, user_id=user_id)
    users = Users(uow.session)
    new_name = changes.get("username")
    if new_name and new_name != user.username and await users.by_username(new_name):
        raise UsernameTaken
    for name in ("full_name", "username", "selected_role"):
        if name in changes:
            setattr(user, name, changes[name])
    for name in ("profile", "preferences"):
        if name in changes:
            setattr(user, name, {**getattr(user, name), **changes[name]})
    uow.session.add(user)
    uow.raise_event(
        UserUpdated(
            user_id=user.id,
            username=user.username,
            full_name=user.full_name,
            selected_role=user.selected_role,
        )
    )
    await uow.commit()
    return user


async def change_role(*, uow: UnitOfWork, user_id: str, role: str) -> User:
    """Give a user another role (announced as UserRoleChanged)."""
    user = await get_user(uow=uow, user_id=user_id)
    if user.role != role:
        uow.raise_event(
            UserRoleChanged(
                user_id=user.id,
                old_role=user.role,  # type: ignore[arg-type]
                new_role=role,
            )
        )  # type: ignore[arg-type]
        user.role = role
        uow.session.add(user)
        await uow.commit()
    return user


async def list_users(
    *, uow: UnitOfWork, role: str | None, limit: int, offset: int
) -> tuple[list[User], int]:
    """Users, optionally of one role, oldest first."""
    return await Users(uow.session).page(role=role, limit=limit, offset=offset)


async def ensure_admin(*, uow: UnitOfWork, email: str, password: str) -> User:
    """Make sure the configured first admin exists and is an admin."""
    user = await Users(uow.session).by_email(email)
    if user is None:
        return await register(
            uow=uow,
            email=email,
            password=password,
            full_name="Administrator",
            username=None,
            selected_role=None,
            role="admin",
        )
    if user.role != "admin":
        return await change_role(uow=uow, user_id=user.id, role="admin")
    return user
