import pytest

from practice.domain.attempts import AttemptAction, AttemptState, after, after_verdict, is_active
from practice.domain.errors import InvalidTransition
from practice.domain.submissions import visible_results


def test_a_verdict_moves_coding_to_success_reflection_or_reflection() -> None:
    assert after_verdict("CODING", accepted=True) is AttemptState.SUCCESS_REFLECTION
    assert after_verdict("CODING", accepted=False) is AttemptState.REFLECTION


@pytest.mark.parametrize("state", ["THINKING_GATE", "REFLECTION", "COMPLETED", "ABANDONED"])
def test_a_late_verdict_leaves_an_attempt_that_moved_on_alone(state: str) -> None:
    assert after_verdict(state, accepted=True) is AttemptState(state)


@pytest.mark.parametrize(
    ("state", "accepts"),
    [
        ("THINKING_GATE", False),
        ("CODING", True),
        ("REFLECTION", False),
        ("SUCCESS_REFLECTION", False),
        ("COMPLETED", False),
        ("ABANDONED", False),
    ],
)
def test_code_is_taken_only_while_coding(state: str, accepts: bool) -> None:
    if accepts:
        assert after(state, AttemptAction.SUBMIT_CODE) is AttemptState.CODING
    else:
        with pytest.raises(InvalidTransition):
            after(state, AttemptAction.SUBMIT_CODE)


def test_the_whole_loop_in_order() -> None:
    state = after("THINKING_GATE", AttemptAction.RETRY_GATE)
    assert state is AttemptState.THINKING_GATE
    state = after(state, AttemptAction.CLEAR_GATE)
    state = after(state, AttemptAction.CODE_FAILED)
    assert state is AttemptState.REFLECTION
    state = after(state, AttemptAction.REFLECT)
    state = after(state, AttemptAction.CODE_ACCEPTED)
    assert state is AttemptState.SUCCESS_REFLECTION
    assert after(state, AttemptAction.COMPLETE) is AttemptState.COMPLETED


@pytest.mark.parametrize("state", ["THINKING_GATE", "CODING", "REFLECTION", "SUCCESS_REFLECTION"])
def test_any_active_attempt_can_be_abandoned(state: str) -> None:
    assert after(state, AttemptAction.ABANDON) is AttemptState.ABANDONED


@pytest.mark.parametrize("state", ["COMPLETED", "ABANDONED"])
def test_a_finished_attempt_takes_nothing_but_the_adversary_once_completed(state: str) -> None:
    for action in set(AttemptAction) - {AttemptAction.FACE_ADVERSARY}:
        with pytest.raises(InvalidTransition):
            after(state, action)
    assert after("COMPLETED", AttemptAction.FACE_ADVERSARY) is AttemptState.COMPLETED
    with pytest.raises(InvalidTransition):
        after("ABANDONED", AttemptAction.FACE_ADVERSARY)


def test_hints_are_taken_until_the_code_is_accepted() -> None:
    assert after("REFLECTION", AttemptAction.TAKE_HINT) is AttemptState.REFLECTION
    with pytest.raises(InvalidTransition):
        after("SUCCESS_REFLECTION", AttemptAction.TAKE_HINT)


def test_finished_attempts_are_not_active() -> None:
    assert is_active("CODING")
    assert not is_active("ABANDONED")


def test_hidden_results_show_only_pass_and_verdict() -> None:
    results = [
        {
            "test_index": 0,
            "is_hidden": False,
            "passed": True,
            "verdict": "accepted",
            "duration_ms": 1.0,
            "input": [1],
            "expected": 1,
            "actual": 1,
        },
        {
            "test_index": 1,
            "is_hidden": True,
            "passed": False,
            "verdict": "wrong_answer",
            "duration_ms": 2.0,
            "input": [2],
            "expected": 2,
            "actual": 3,
            "stdout": "leak",
        },
    ]
    visible = visible_results(results)
    assert visible[0] == results[0]
    assert visible[1] == {
        "test_index": 1,
        "is_hidden": True,
        "passed": False,
        "verdict": "wrong_answer",
        "duration_ms": 2.0,
    }
