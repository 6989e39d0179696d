from datetime import UTC, date, datetime, timedelta

from practice.domain.analytics import (
    Work,
    performance,
    recent_activity,
    skill_progress,
    trend,
    weakest_first,
)
from servicekit.zones import time_zone

START = datetime(2026, 3, 1, 12, tzinfo=UTC)


def work(day: int, category: str | None, score: float | None = None, done: bool = True) -> Work:
    return Work(f"item-{day}", category, done, score, START + timedelta(days=day))


def test_a_trend_compares_the_newer_half_with_the_older_half() -> None:
    assert trend([5.0, 6.0, 8.0, 9.0]) == "improving"
    assert trend([9.0, 8.0, 6.0]) == "declining"
    assert trend([7.0, 7.2]) == "steady"
    assert trend([3.0]) == "steady"


def test_performance_groups_by_category_in_time_order() -> None:
    rows = performance([work(2, "graphs", 9.0), work(1, "graphs", 5.0), work(3, None)])
    assert [(r.category, r.session_count, r.trend) for r in rows] == [
        ("general", 1, "steady"),
        ("graphs", 2, "improving"),
    ]
    assert rows[1].average_score == 7.0
    assert weakest_first(rows) == ["general", "graphs"]


def test_skill_levels_follow_completed_work_with_the_next_milestone() -> None:
    [beginner] = skill_progress([work(d, "dp") for d in range(3)] + [work(9, "dp", done=False)])
    assert (beginner.current_level, beginner.completed, beginner.progress) == ("beginner", 3, 60)
    assert beginner.next_milestone == "intermediate at 5 completed"
    [expert] = skill_progress([work(d, "dp") for d in range(30)])
    assert (expert.current_level, expert.progress, expert.next_milestone) == ("expert", 100, None)


def test_recent_activity_is_by_local_day_over_two_weeks_newest_first() -> None:
    late = Work("x", "c", True, 8.0, datetime(2026, 3, 15, 23, 30, tzinfo=UTC))
    rows = [late, work(14, "c", 6.0), work(0, "c")]  # day 0 is too old
    in_utc = recent_activity(rows, time_zone("UTC"), today=date(2026, 3, 16))
    assert [(d.date, d.sessions, d.average_score) for d in in_utc] == [(date(2026, 3, 15), 2, 7.0)]
    in_paris = recent_activity(rows, time_zone("Europe/Paris"), today=date(2026, 3, 16))
    assert [d.date for d in in_paris] == [date(2026, 3, 16), date(2026, 3, 15)]
