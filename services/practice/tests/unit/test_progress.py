from datetime import UTC, date, datetime

import pytest

from practice.db.progress_tables import Activity
from practice.domain.progress import (
    activity_days,
    chosen_zone,
    is_completed,
    is_learner_work,
    normalised_score,
    score_summary,
    streaks,
)
from practice.services.progress import progress_of
from servicekit.zones import time_zone

PARIS = time_zone("Europe/Paris")
LOS_ANGELES = time_zone("America/Los_Angeles")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def activity(occurred: str, *, activity_id: str = "", score: float | None = None) -> Activity:
    return Activity(
        id=activity_id or occurred,
        user_id="u",
        kind="text",
        item_id="t",
        completed=True,
        score=score,
        occurred_at=at(occurred),
    )


def test_consecutive_days_make_a_streak_and_a_gap_ends_it() -> None:
    days = [date(2026, 1, d) for d in (1, 2, 3, 5, 6)]
    assert streaks(days, today=date(2026, 1, 6)) == streaks(days, today=date(2026, 1, 7))
    assert streaks(days, today=date(2026, 1, 6)).current == 2
    assert streaks(days, today=date(2026, 1, 6)).longest == 3
    assert streaks(days, today=date(2026, 1, 8)).current == 0  # two days without work
    assert streaks([], today=date(2026, 1, 8)).longest == 0


def test_two_sessions_either_side_of_utc_midnight_are_one_day_in_los_angeles() -> None:
    late_evening = [at("2026-03-10T23:30:00"), at("2026-03-11T01:00:00")]
    assert len(activity_days(late_evening, time_zone("UTC"))) == 2
    assert activity_days(late_evening, LOS_ANGELES) == {date(2026, 3, 10)}


def test_the_same_moments_make_a_streak_in_paris_but_not_in_los_angeles() -> None:
    # 23:30 UTC is past midnight in Paris and still the afternoon in Los Angeles.
    moments = [at("2026-03-10T23:30:00"), at("2026-03-12T08:00:00")]
    paris = activity_days(moments, PARIS)
    los_angeles = activity_days(moments, LOS_ANGELES)
    assert paris == {date(2026, 3, 11), date(2026, 3, 12)}
    assert streaks(paris, today=date(2026, 3, 12)).current == 2
    assert streaks(los_angeles, today=date(2026, 3, 12)).current == 1


def test_a_late_activity_fills_the_gap_it_belongs_to() -> None:
    now = at("2026-03-12T12:00:00")
    on_time = [activity("2026-03-10T10:00:00"), activity("2026-03-12T10:00:00")]
    assert progress_of("u", on_time, PARIS, now).current_streak == 1
    late = [*on_time, activity("2026-03-11T10:00:00")]  # judged after the others: same result
    assert progress_of("u", late, PARIS, now).current_streak == 3
    assert progress_of("u", list(reversed(late)), PARIS, now).longest_streak == 3


def test_work_counted_twice_on_one_day_is_still_one_day() -> None:
    now = at("2026-03-12T12:00:00")
    twice = [activity("2026-03-12T09:00:00", activity_id="a"), activity("2026-03-12T10:00:00")]
    assert progress_of("u", twice, PARIS, now).current_streak == 1


def test_progress_sums_and_averages_scored_work_only() -> None:
    now = at("2026-03-12T12:00:00")
    rows = [
        activity("2026-03-12T09:00:00", score=8.0),
        activity("2026-03-12T10:00:00", score=6.5),
        activity("2026-03-12T11:00:00"),
    ]
    found = progress_of("u", rows, time_zone(None), now)
    assert (found.total_tasks_completed, found.total_score, found.average_score) == (3, 14.5, 7.25)
    assert found.last_activity_date == date(2026, 3, 12)
    assert score_summary([]).average == 0.0


def test_unfinished_work_does_not_count() -> None:
    rows = [activity("2026-03-12T09:00:00")]
    rows[0].completed = False
    found = progress_of("u", rows, PARIS, at("2026-03-12T12:00:00"))
    assert (found.total_tasks_completed, found.current_streak, found.last_activity_date) == (
        0,
        0,
        None,
    )


@pytest.mark.parametrize(
    ("kind", "status", "verdict", "counts"),
    [
        ("code", "succeeded", "accepted", True),
        ("code", "succeeded", "wrong_answer", False),
        ("text", "succeeded", None, True),
        ("design", "failed", None, False),
        ("debug_lab_submit", "succeeded", "accepted", True),
    ],
)
def test_which_evaluated_work_is_completed(
    kind: str, status: str, verdict: str | None, counts: bool
) -> None:
    assert is_completed(kind, status, verdict) is counts


def test_test_runs_and_triage_are_parts_of_other_work() -> None:
    assert not is_learner_work("debug_lab_run")
    assert not is_learner_work("triage")
    assert is_learner_work("bug_hunt")


def test_scores_are_shown_out_of_ten() -> None:
    assert normalised_score("text", 7.5) == 7.5
    assert normalised_score("design", 85.0) == 8.5
    assert normalised_score("code", None) is None


def test_the_zone_asked_for_wins_then_the_stored_preference_then_utc() -> None:
    assert chosen_zone("Asia/Tokyo", "Europe/Paris").key == "Asia/Tokyo"
    assert chosen_zone(None, "Europe/Paris").key == "Europe/Paris"
    assert chosen_zone(None, None).key == "UTC"
    assert chosen_zone(None, "Mars/Olympus").key == "UTC"  # a stored zone no longer known here
    with pytest.raises(ValueError, match="unknown time zone"):
        chosen_zone("Mars/Olympus", "Europe/Paris")


def test_a_stored_preference_decides_which_side_of_midnight_work_falls_on() -> None:
    # 23:30 UTC on the 10th is the 11th in Paris and still the afternoon of the 10th in LA.
    rows = [
        activity("2026-03-10T23:30:00", activity_id="late"),
        activity("2026-03-12T08:00:00", activity_id="morning"),
    ]
    now = at("2026-03-12T12:00:00")
    in_paris = progress_of("u", rows, chosen_zone(None, "Europe/Paris"), now)
    in_los_angeles = progress_of("u", rows, chosen_zone(None, "America/Los_Angeles"), now)
    assert (in_paris.current_streak, in_paris.longest_streak, in_paris.time_zone) == (
        2,
        2,
        "Europe/Paris",
    )
    assert (in_los_angeles.current_streak, in_los_angeles.longest_streak) == (1, 1)
    assert in_los_angeles.time_zone == "America/Los_Angeles"
    asked = progress_of("u", rows, chosen_zone("UTC", "Europe/Paris"), now)
    assert (asked.current_streak, asked.time_zone) == (1, "UTC")
