"""Use cases of profiles: read one, change one's own."""

from __future__ import annotations

from typing import Any

from contracts.identity import UserUpdated
from identity.db.tables import User
from identity.domain.errors import UsernameTaken, UserNotFound
from identity.domain.users import may_view, merge, time_zone_of
from identity.services.ports import IdentityUnitOfWork

# What a user may change about themselves; `role` is deliberately absent.
FIELDS = ("full_name", "username", "selected_role")
SECTIONS = ("profile", "preferences")


async def view_user(
    *, uow: IdentityUnitOfWork, viewer_id: str, viewer_role: str, user_id: str
) -> User:
    """A profile the viewer may see; any other answers as if it did not exist."""
    if not may_view(viewer_id=viewer_id, viewer_role=viewer_role, user_id=user_id):
        raise UserNotFound  # before the lookup: existence does not leak, not even in timing
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound
    return user


async def update_profile(*, uow: IdentityUnitOfWork, user_id: str, changes: dict[str, Any]) -> User:
    """Apply a patch of the caller's own profile (never the role) and announce it."""
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound
    username = changes.get("username")
    if username and username != user.username and await uow.users.by_username(username):
        raise UsernameTaken
    for name in FIELDS:
        if name in changes:
            setattr(user, name, changes[name])
    for name in SECTIONS:
        if name in changes:
            setattr(user, name, merge(getattr(user, name), changes[name]))
    uow.raise_event(
        UserUpdated(
            user_id=user.id,
            username=user.username,
            full_name=user.full_name,
            selected_role=user.selected_role,
            time_zone=time_zone_of(user.preferences),
        )
    )
    await uow.commit()
    return user
