import pytest

from practice.domain.attempts import AttemptState, after_verdict, can_submit_code, is_active
from practice.domain.submissions import visible_results


def test_an_accepted_verdict_moves_to_success_reflection_and_a_wrong_one_back_to_coding() -> None:
    assert after_verdict("THINKING_GATE", accepted=True) is AttemptState.SUCCESS_REFLECTION
    assert after_verdict("CODING", accepted=False) is AttemptState.CODING
    assert after_verdict("COMPLETED", accepted=False) is AttemptState.COMPLETED


@pytest.mark.parametrize(
    ("state", "accepts"),
    [
        ("THINKING_GATE", True),
        ("CODING", True),
        ("REFLECTION", True),
        ("SUCCESS_REFLECTION", False),
        ("COMPLETED", False),
        ("ABANDONED", False),
    ],
)
def test_which_states_take_code(state: str, accepts: bool) -> None:
    assert can_submit_code(state) is accepts


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
