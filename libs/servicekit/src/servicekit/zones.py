"""IANA time zones as users name them: bounded, and known to the zone database here."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field

DEFAULT_ZONE = "UTC"
MAX_ZONE_NAME = 64
# Area/Location names; no dots, so nothing reaches a path outside the zone database.
ZONE_NAME_PATTERN = r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$"


def time_zone(name: str | None) -> ZoneInfo:
    """The zone called `name`, UTC when none is given; ValueError when it is unknown."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    # A directory of the tzdata package ("America") raises an OSError, not a not-found.
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def known_zone(name: str) -> str:
    """`name` unchanged when the zone database has it."""
    time_zone(name)
    return name


TimeZoneName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_ZONE_NAME,
        pattern=ZONE_NAME_PATTERN,
        description="An IANA time zone, e.g. Europe/Paris",
        examples=["Europe/Paris"],
    ),
    AfterValidator(known_zone),
]
