"""Progress rules: which work counts, activity days in a time zone, and streaks.

Pure functions over timestamps: a late or repeated event cannot change the answer, since
the ledger keeps one row per piece of work and days are derived when asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from practice.domain.submissions import SubmissionStatus, SubmissionType
from servicekit.zones import time_zone

# Work that counts once evaluated; code and a debug lab's fix only when accepted.
COUNTED_WHEN_EVALUATED = frozenset(
    {SubmissionType.TEXT, SubmissionType.DESIGN, SubmissionType.BUG_HUNT}
)
COUNTED_WHEN_ACCEPTED = frozenset({SubmissionType.CODE, SubmissionType.DEBUG_LAB_SUBMIT})
ACCEPTED = "accepted"
# Written answers are scored out of 10, designs and bug hunts out of 100; progress shows 0-10.
SCORE_OUT_OF = {SubmissionType.TEXT: 10.0}
DEFAULT_OUT_OF = 100.0


def is_learner_work(submission_type: str) -> bool:
    """A run of tests or a triage step is part of other work, not work of its own."""
    return submission_type in COUNTED_WHEN_EVALUATED | COUNTED_WHEN_ACCEPTED


def is_completed(submission_type: str, status: str, verdict: str | None) -> bool:
    if status != SubmissionStatus.SUCCEEDED:
        return False
    if submission_type in COUNTED_WHEN_ACCEPTED:
        return verdict == ACCEPTED
    return submission_type in COUNTED_WHEN_EVALUATED


def normalised_score(submission_type: str, score: float | None) -> float | None:
    if score is None:
        return None
    out_of = SCORE_OUT_OF.get(SubmissionType(submission_type), DEFAULT_OUT_OF)
    return round(10 * score / out_of, 2)


def chosen_zone(asked: str | None, preferred: str | None) -> ZoneInfo:
    """The zone asked for, else the learner's preference, else UTC; ValueError if asked unknown.

    A stored preference this machine cannot load falls back to UTC: the learner cannot mend
    it from here, and one bad row must not make their progress unreadable.
    """
    if asked is not None:
        return time_zone(asked)
    try:
        return time_zone(preferred)
    except ValueError:
        return time_zone(None)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone: they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return as_utc(moment).astimezone(zone).date()


def activity_days(moments: Iterable[datetime], zone: ZoneInfo) -> set[date]:
    return {local_day(moment, zone) for moment in moments}


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


def streaks(days: Iterable[date], today: date) -> Streaks:
    """Runs of consecutive days; the current run is alive if it reaches today or yesterday."""
    ordered = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    alive = previous is not None and today - previous <= timedelta(days=1)
    return Streaks(current=run if alive else 0, longest=longest)


@dataclass(frozen=True)
class ScoreSummary:
    total: float
    average: float


def score_summary(scores: Iterable[float | None]) -> ScoreSummary:
    """Sum and mean of the scored work (0-10 each), two decimals; unscored work is left out."""
    known = [score for score in scores if score is not None]
    total = sum(known)
    return ScoreSummary(
        total=round(total, 2), average=round(total / len(known), 2) if known else 0.0
    )
