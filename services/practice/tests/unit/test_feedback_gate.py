from datetime import UTC, datetime, timedelta

from practice.domain.feedback_gate import PENDING_RETRY_SECONDS, FeedbackGate, FeedbackState

SUBMITTED = datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
GATE = FeedbackGate(unlock_after=timedelta(minutes=5), wait_after_unlock=timedelta(minutes=2))


def at(**after: float) -> datetime:
    return SUBMITTED + timedelta(**after)


def test_before_the_unlock_it_is_locked_with_the_seconds_left_rounded_up() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(seconds=10.5), arrived=True)
    assert decision.state is FeedbackState.LOCKED
    assert decision.retry_after == 290
    assert decision.unlocks_at == at(minutes=5)


def test_a_moment_before_the_unlock_still_asks_for_a_whole_second() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(minutes=5, seconds=-0.001), arrived=True)
    assert (decision.state, decision.retry_after) == (FeedbackState.LOCKED, 1)


def test_at_the_unlock_arrived_feedback_is_ready() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(minutes=5), arrived=True)
    assert (decision.state, decision.retry_after) == (FeedbackState.READY, 0)


def test_unlocked_feedback_not_yet_arrived_is_pending_with_a_short_retry() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(minutes=5), arrived=False)
    assert (decision.state, decision.retry_after) == (FeedbackState.PENDING, PENDING_RETRY_SECONDS)
    late = GATE.decide(submitted_at=SUBMITTED, now=at(minutes=7, seconds=-2), arrived=False)
    assert (late.state, late.retry_after) == (FeedbackState.PENDING, 2)


def test_feedback_missing_past_the_wait_is_unavailable_not_too_early_forever() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(minutes=7), arrived=False)
    assert decision.state is FeedbackState.UNAVAILABLE
    much_later = GATE.decide(submitted_at=SUBMITTED, now=at(days=30), arrived=False)
    assert much_later.state is FeedbackState.UNAVAILABLE


def test_feedback_arriving_after_it_was_called_unavailable_is_still_given() -> None:
    decision = GATE.decide(submitted_at=SUBMITTED, now=at(days=1), arrived=True)
    assert decision.state is FeedbackState.READY


def test_with_no_delay_the_feedback_is_open_at_once() -> None:
    gate = FeedbackGate(unlock_after=timedelta(0), wait_after_unlock=timedelta(0))
    assert gate.decide(submitted_at=SUBMITTED, now=SUBMITTED, arrived=True).state is (
        FeedbackState.READY
    )
    assert gate.decide(submitted_at=SUBMITTED, now=SUBMITTED, arrived=False).state is (
        FeedbackState.UNAVAILABLE
    )
