"""Use cases of accounts: register, the first admin, roles, the admin's list."""

from __future__ import annotations

import uuid

from contracts.identity import UserRegistered, UserRoleChanged
from identity.db.tables import User
from identity.domain.errors import EmailTaken, OwnRoleChange, UsernameTaken, UserNotFound
from identity.domain.users import as_role, time_zone_of
from identity.services.ports import IdentityUnitOfWork, Passwords, Tokens
from identity.services.sessions import SignedIn, open_session


async def register(
    *,
    uow: IdentityUnitOfWork,
    passwords: Passwords,
    tokens: Tokens,
    email: str,
    password: str,
    full_name: str,
    username: str | None,
    selected_role: str | None,
) -> SignedIn:
    """Create a student account and its first session (announced as UserRegistered)."""
    password_hash = await passwords.hash(password)  # before any query: no lock held meanwhile
    user = await _create(
        uow,
        email=email,
        password_hash=password_hash,
        full_name=full_name,
        username=username,
        selected_role=selected_role,
        role="student",
    )
    signed_in = open_session(uow, tokens, user)
    await uow.commit()
    return signed_in


async def ensure_admin(
    *, uow: IdentityUnitOfWork, passwords: Passwords, email: str, password: str
) -> User:
    """Make sure the configured first admin exists with the admin role (its password is kept)."""
    user = await uow.users.by_email(email)
    if user is None:
        user = await _create(
            uow,
            email=email,
            password_hash=await passwords.hash(password),
            full_name="Administrator",
            username=None,
            selected_role=None,
            role="admin",
        )
    elif user.role != "admin":
        _assign_role(uow, user, "admin")
    await uow.commit()
    return user


async def change_role(*, uow: IdentityUnitOfWork, admin_id: str, user_id: str, role: str) -> User:
    """Give a user another role (announced as UserRoleChanged); it shows in their next token."""
    if user_id == admin_id:  # the last admin must not lock everyone out by accident
        raise OwnRoleChange
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound
    if user.role != role:
        _assign_role(uow, user, role)
        await uow.commit()
    return user


async def list_users(
    *, uow: IdentityUnitOfWork, role: str | None, limit: int, offset: int
) -> tuple[list[User], int]:
    """A page of users, optionally of one role, oldest first, with the total."""
    return await uow.users.page(role=role, limit=limit, offset=offset)


async def _create(
    uow: IdentityUnitOfWork,
    *,
    email: str,
    password_hash: str,
    full_name: str,
    username: str | None,
    selected_role: str | None,
    role: str,
) -> User:
    if await uow.users.by_email(email) is not None:
        raise EmailTaken
    if username and await uow.users.by_username(username) is not None:
        raise UsernameTaken
    user = User(
        id=str(uuid.uuid4()),
        email=email.lower(),
        username=username,
        full_name=full_name,
        role=as_role(role),
        selected_role=selected_role,
        password_hash=password_hash,
    )
    uow.users.add(user)
    uow.raise_event(
        UserRegistered(
            user_id=user.id,
            email=user.email,
            username=username,
            full_name=full_name,
            role=as_role(role),
            selected_role=selected_role,
            time_zone=time_zone_of(user.preferences),
        )
    )
    return user


def _assign_role(uow: IdentityUnitOfWork, user: User, role: str) -> None:
    uow.raise_event(
        UserRoleChanged(user_id=user.id, old_role=as_role(user.role), new_role=as_role(role))
    )
    user.role = role
