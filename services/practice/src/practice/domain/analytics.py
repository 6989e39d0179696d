"""Analytics rules: trends, skill levels and milestones, activity by day, what to practise next.

Pure functions over ledger entries (`Work`); scores are out of 10.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Literal
from zoneinfo import ZoneInfo

from practice.domain.progress import local_day

Trend = Literal["improving", "declining", "steady"]
TREND_MARGIN = 0.5  # points out of 10 between the older and the newer half
LEVELS = (("beginner", 0), ("intermediate", 5), ("advanced", 15), ("expert", 30))
RECENT_DAYS = 14
UNCATEGORISED = "general"


@dataclass(frozen=True)
class Work:
    item_id: str
    category: str | None
    completed: bool
    score: float | None
    occurred_at: datetime


@dataclass(frozen=True)
class CategoryPerformance:
    category: str
    average_score: float
    session_count: int
    trend: Trend


@dataclass(frozen=True)
class SkillProgress:
    skill: str
    current_level: str
    completed: int
    progress: int  # percent of the way from this level to the next
    next_milestone: str | None


@dataclass(frozen=True)
class DayActivity:
    date: date
    sessions: int
    average_score: float | None


def _mean(scores: Iterable[float | None]) -> float | None:
    known = [s for s in scores if s is not None]
    return round(fmean(known), 2) if known else None


def trend(scores_oldest_first: Sequence[float]) -> Trend:
    """The newer half's mean against the older half's; fewer than two scores is steady."""
    if len(scores_oldest_first) < 2:
        return "steady"
    half = len(scores_oldest_first) // 2
    change = fmean(scores_oldest_first[-half:]) - fmean(scores_oldest_first[:half])
    if change > TREND_MARGIN:
        return "improving"
    return "declining" if change < -TREND_MARGIN else "steady"


def by_category(work: Iterable[Work]) -> dict[str, list[Work]]:
    groups: dict[str, list[Work]] = defaultdict(list)
    for entry in sorted(work, key=lambda w: w.occurred_at):
        groups[entry.category or UNCATEGORISED].append(entry)
    return dict(sorted(groups.items()))


def performance(work: Iterable[Work]) -> list[CategoryPerformance]:
    rows = []
    for category, entries in by_category(work).items():
        scores = [e.score for e in entries if e.score is not None]
        rows.append(
            CategoryPerformance(
                category=category,
                average_score=_mean(scores) or 0.0,
                session_count=len(entries),
                trend=trend(scores),
            )
        )
    return rows


def skill_progress(work: Iterable[Work]) -> list[SkillProgress]:
    """A level per category from how much work in it was completed, and the next milestone."""
    rows = []
    for category, entries in by_category(work).items():
        done = sum(e.completed for e in entries)
        reached = [i for i, (_, at_least) in enumerate(LEVELS) if done >= at_least][-1]
        level, floor = LEVELS[reached]
        if reached + 1 < len(LEVELS):
            next_level, ceiling = LEVELS[reached + 1]
            progress = int(100 * (done - floor) / (ceiling - floor))
            milestone: str | None = f"{next_level} at {ceiling} completed"
        else:
            progress, milestone = 100, None
        rows.append(SkillProgress(category, level, done, progress, milestone))
    return rows


def recent_activity(work: Iterable[Work], zone: ZoneInfo, today: date) -> list[DayActivity]:
    """Work per local day over the last two weeks, newest first; days without work left out."""
    days: dict[date, list[Work]] = defaultdict(list)
    for entry in work:
        day = local_day(entry.occurred_at, zone)
        if today - day < timedelta(days=RECENT_DAYS):
            days[day].append(entry)
    return [
        DayActivity(day, len(entries), _mean(e.score for e in entries))
        for day, entries in sorted(days.items(), reverse=True)
    ]


def weakest_first(rows: Sequence[CategoryPerformance]) -> list[str]:
    """Categories to practise: lowest average first, then the least practised."""
    return [r.category for r in sorted(rows, key=lambda r: (r.average_score, r.session_count))]
