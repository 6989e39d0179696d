"""Result events stay small whatever the code printed: caps in bytes, a budget for the whole."""

from __future__ import annotations

import json

from contracts.evaluation import TestOutcome
from evaluation.domain.result_budget import (
    FEEDBACK_FIELD_BYTES,
    FIELD_BYTES,
    RESULTS_BYTES,
    bounded_feedback,
    bounded_outcomes,
    encoded_size,
)

FLOOD = "😀" * 65000  # 260 kB as UTF-8, 780 kB as the relay's ASCII JSON


def outcome(index: int, **details: object) -> TestOutcome:
    return TestOutcome(
        test_index=index, is_hidden=False, passed=False, verdict="wrong_answer", **details
    )


def test_each_field_is_capped_in_bytes_and_marked() -> None:
    [capped], truncated = bounded_outcomes(
        [outcome(0, stdout=FLOOD, stderr=FLOOD + "Error: boom", actual=[FLOOD], error="short")]
    )
    assert truncated
    assert len(capped.stdout.encode()) <= FIELD_BYTES
    assert capped.stderr.endswith("Error: boom")  # a traceback's end is kept
    assert len(capped.stderr.encode()) <= FIELD_BYTES
    assert isinstance(capped.actual, str)
    assert len(capped.actual.encode()) <= FIELD_BYTES
    assert capped.error == "short"


def test_small_outcomes_pass_unchanged() -> None:
    small = [outcome(0, stdout="hi\n", actual=[1, 2])]
    assert bounded_outcomes(small) == (tuple(small), False)


def test_many_flooding_tests_stay_within_the_results_budget() -> None:
    outcomes, truncated = bounded_outcomes(
        [outcome(i, stdout=FLOOD, stderr=FLOOD) for i in range(200)]
    )
    assert truncated
    assert [o.test_index for o in outcomes] == list(range(200))  # every verdict is kept
    assert encoded_size([o.model_dump(mode="json") for o in outcomes]) <= RESULTS_BYTES
    assert outcomes[-1].stdout == ""  # details of the last ones gave way


def test_feedback_strings_keep_their_ends() -> None:
    feedback, truncated = bounded_feedback({"visible": {"stdout": FLOOD + "OK", "exit_code": 0}})
    assert truncated
    assert feedback["visible"]["stdout"].endswith("OK")
    assert len(json.dumps(feedback, ensure_ascii=False).encode()) < FEEDBACK_FIELD_BYTES + 100
