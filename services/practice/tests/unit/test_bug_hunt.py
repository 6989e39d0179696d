import pytest

from contracts.catalogue import BugHuntItem
from practice.domain.bug_hunt import (
    BugHuntResult,
    BugHuntStatus,
    after_evaluation,
    ensure_can_submit,
    result_of,
    revealed,
)
from practice.domain.errors import AlreadyCompleted, InvalidTransition

ITEM = BugHuntItem(
    id="total",
    title="Total",
    pattern="PREFIX_SUM",
    difficulty="EASY",
    language="python",
    prompt="Find the bug",
    code="def total(xs):\n    return sum(xs[1:])\n",
    bug_lines=(2,),
    explanation="off by one",
    hint="look at the bounds",
)


def test_a_started_attempt_takes_an_answer() -> None:
    ensure_can_submit("STARTED")


def test_a_completed_attempt_is_already_completed_and_a_pending_one_invalid() -> None:
    with pytest.raises(AlreadyCompleted) as done:
        ensure_can_submit("COMPLETED")
    assert (done.value.status, done.value.code) == (409, "ALREADY_COMPLETED")
    with pytest.raises(InvalidTransition):
        ensure_can_submit("SUBMITTED")


def test_a_scored_answer_completes_and_an_unscorable_one_reopens() -> None:
    assert after_evaluation(evaluated=True) is BugHuntStatus.COMPLETED
    assert after_evaluation(evaluated=False) is BugHuntStatus.STARTED


@pytest.mark.parametrize(
    ("result", "number", "expected"),
    [
        (BugHuntResult.CORRECT, 1, ("off by one", None)),
        (BugHuntResult.PARTIAL, 2, ("off by one", None)),
        (BugHuntResult.INCORRECT, 1, (None, "look at the bounds")),
        (BugHuntResult.INCORRECT, 2, (None, None)),
    ],
)
def test_what_a_result_reveals(
    result: BugHuntResult, number: int, expected: tuple[str | None, str | None]
) -> None:
    assert revealed(result, attempt_number=number, item=ITEM) == expected


def test_an_unknown_result_counts_as_incorrect() -> None:
    assert result_of({"result": "PARTIAL"}) is BugHuntResult.PARTIAL
    assert result_of({"result": "maybe"}) is BugHuntResult.INCORRECT
    assert result_of(None) is BugHuntResult.INCORRECT
