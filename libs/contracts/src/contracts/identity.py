"""Events produced by identity on `identity.users.v1`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from contracts.envelope import Event
from contracts.topics import IDENTITY_USERS

Role = Literal["student", "professor", "admin"]
# The IANA zone the user's days are counted in. Only bounded here: a reader whose zone
# database lacks it falls back to UTC rather than dead-letter the whole event.
ZoneName = Annotated[str, Field(min_length=1, max_length=64)]


class _UserEvent(Event):
    topic = IDENTITY_USERS
    user_id: str

    def aggregate_key(self) -> str:
        return self.user_id


class UserRegistered(_UserEvent):
    event_type = "identity.user_registered"
    event_version = 1

    email: str
    username: str | None = None
    full_name: str
    role: Role
    selected_role: str | None = None
    time_zone: ZoneName | None = None


class UserUpdated(_UserEvent):
    event_type = "identity.user_updated"
    event_version = 1

    username: str | None = None
    full_name: str
    selected_role: str | None = None
    time_zone: ZoneName | None = None


class UserRoleChanged(_UserEvent):
    event_type = "identity.user_role_changed"
    event_version = 1

    old_role: Role
    new_role: Role
