"""Time zone names: an IANA zone the database here knows, or a refusal; UTC by default."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from servicekit.zones import TimeZoneName, time_zone


class Body(BaseModel):
    time_zone: TimeZoneName


def test_a_known_zone_loads_and_none_is_utc() -> None:
    assert time_zone("Europe/Paris").key == "Europe/Paris"
    assert time_zone(None).key == "UTC"


@pytest.mark.parametrize("name", ["Mars/Olympus", "America", "Europe/", "/etc/passwd"])
def test_an_unknown_zone_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        time_zone(name)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "America", "../etc/passwd", "zone.tab", "", "A" * 65]
)
def test_a_body_refuses_what_is_not_a_zone(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Body(time_zone=name)
    assert refused.value.errors()[0]["loc"] == ("time_zone",)
    assert Body(time_zone="America/Los_Angeles").time_zone == "America/Los_Angeles"
