"""When the daily generation is due, and who may run it: pure rules on an injected `now`.

A run is due once the latest slot (the configured UTC hour) is later than the last run, so a
replica back from any downtime runs once for every slot it missed, not once per slot. A schedule
never run counts from when it was first recorded: a fresh install waits for its first slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PERIOD = timedelta(days=1)


@dataclass(frozen=True)
class DailySchedule:
    hour: int  # UTC, 0-23

    def latest_slot(self, now: datetime) -> datetime:
        """The most recent time at `hour`:00 UTC, `now` included."""
        slot = now.replace(hour=self.hour, minute=0, second=0, microsecond=0)
        return slot if slot <= now else slot - PERIOD

    def next_slot(self, now: datetime) -> datetime:
        return self.latest_slot(now) + PERIOD

    def is_due(self, *, last_run: datetime | None, since: datetime, now: datetime) -> bool:
        """True when a slot has passed since the last run (or since the schedule began)."""
        return (last_run or since) < self.latest_slot(now)

    def describe(self) -> str:
        return f"daily at {self.hour:02d}:00 UTC"


def lease_free(lease_until: datetime | None, now: datetime) -> bool:
    """A lease nobody holds, or one its holder let lapse (it died or hung)."""
    return lease_until is None or lease_until <= now
