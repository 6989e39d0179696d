"""Rules about accounts: roles, who may see whom, how a profile patch applies."""

from __future__ import annotations

from typing import Any, get_args

from contracts.catalogue.vocabulary import TrackTitle
from contracts.identity import Role
from servicekit.zones import DEFAULT_ZONE

ROLES: tuple[Role, ...] = get_args(Role)
STAFF: frozenset[Role] = frozenset({"professor", "admin"})
# The engineering track a learner practises for, as users spell it; not an access role.
EngineeringTrack = TrackTitle


def as_role(value: str) -> Role:
    if value not in ROLES:
        raise ValueError(f"unknown role {value!r}")
    return value


def may_view(*, viewer_id: str, viewer_role: str, user_id: str) -> bool:
    """Staff read any profile; everyone else only their own."""
    return viewer_role in STAFF or viewer_id == user_id


def merge(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply a partial update: a value replaces, an explicit null removes."""
    merged = {**current, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def time_zone_of(preferences: dict[str, Any]) -> str:
    """The zone the user's days are counted in: their preference, UTC until they set one."""
    return str(preferences.get("time_zone") or DEFAULT_ZONE)
