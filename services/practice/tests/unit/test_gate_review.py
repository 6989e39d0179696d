"""The coach's review of a thinking gate: a model's warnings beside the deterministic verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts.catalogue import CodingProblem
from practice.domain.errors import CoachTimeout, CoachUnavailable
from practice.domain.gate import GateAnswer, check_gate, names_pattern
from practice.services.gate_review import (
    GateAugmentation,
    GateQuestion,
    GateReviewAnswer,
    review_gate,
)

TOKEN = "learner-token"
PROBLEM = CodingProblem.model_validate(
    {
        "id": "pair-within-budget",
        "kind": "coding",
        "title": "Pair within budget",
        "description": "Given sorted prices and a budget, return the best pair's sum.",
        "pattern": "TWO_POINTERS",
        "accepted_patterns": ["BINARY_SEARCH"],
        "target_complexity": {"time": "O(n)"},
        "execution": {"mode": "function", "entry_point": "f"},
        "tests": [{"input": [[1, 2], 3], "expected_output": 3}],
        "invariant": "The left and right pointers move inward over the sorted prices.",
    }
)
WRONG = GateAnswer("HEAP", "The heap keeps the cheapest prices seen so far.", "O(n log n)")
RIGHT = GateAnswer(
    "TWO_POINTERS", "The left and right pointers move inward over the sorted order.", "O(n)"
)


@dataclass
class FakeReviewer:
    """The coach as practice sees it: answers as told, or fails as told."""

    warnings: tuple[str, ...] = ()
    provider: str | None = "openai"
    failure: Exception | None = None
    asked: list[tuple[GateQuestion, str]] = field(default_factory=list)

    async def review(self, question: GateQuestion, *, token: str) -> GateReviewAnswer:
        self.asked.append((question, token))
        if self.failure is not None:
            raise self.failure
        return GateReviewAnswer(self.warnings, self.provider)


async def reviewed(reviewer: FakeReviewer, answer: GateAnswer = WRONG) -> GateAugmentation:
    validation = check_gate(PROBLEM, answer)
    return await review_gate(
        reviewer=reviewer, token=TOKEN, problem=PROBLEM, answer=answer, validation=validation
    )


async def test_a_models_warnings_are_added_and_marked_as_augmented() -> None:
    reviewer = FakeReviewer(warnings=("What do you return when no pair fits?",))
    added = await reviewed(reviewer)
    assert added == GateAugmentation(("What do you return when no pair fits?",), True)
    [(question, token)] = reviewer.asked
    assert token == TOKEN
    assert (question.title, question.target_time, question.answer) == (
        "Pair within budget",
        "O(n)",
        WRONG,
    )
    assert (question.passed, question.errors) == (False, check_gate(PROBLEM, WRONG).errors)


async def test_the_coach_is_never_told_the_expected_pattern_or_invariant() -> None:
    reviewer = FakeReviewer()
    await reviewed(reviewer)
    [(question, _)] = reviewer.asked
    told = repr(question)
    assert "TWO_POINTERS" not in told
    assert "BINARY_SEARCH" not in told
    assert PROBLEM.invariant is not None
    assert PROBLEM.invariant not in told


async def test_the_builtin_provider_or_no_warning_is_not_augmented() -> None:
    assert await reviewed(FakeReviewer(warnings=("x?",), provider="builtin")) == GateAugmentation()
    assert await reviewed(FakeReviewer(warnings=("x?",), provider=None)) == GateAugmentation()
    assert await reviewed(FakeReviewer(warnings=())) == GateAugmentation()


async def test_a_failing_or_slow_coach_adds_nothing() -> None:
    for failure in (CoachUnavailable("cannot be reached"), CoachTimeout(), RuntimeError("bug")):
        assert await reviewed(FakeReviewer(failure=failure)) == GateAugmentation()


async def test_a_warning_naming_the_expected_pattern_is_dropped_unless_it_is_the_learners() -> None:
    guesses = ("Two pointers would do it in O(n).", "Try BINARY_SEARCH.", "Why a heap?")
    assert await reviewed(FakeReviewer(warnings=guesses)) == GateAugmentation(
        ("Why a heap?",), True
    )
    own = await reviewed(FakeReviewer(warnings=guesses[:1]), answer=RIGHT)
    assert own == GateAugmentation(guesses[:1], True)
    assert await reviewed(FakeReviewer(warnings=guesses[1:2])) == GateAugmentation()


async def test_a_warning_the_check_already_gave_or_a_repeat_is_not_added_again() -> None:
    deterministic = check_gate(PROBLEM, WRONG).warnings
    assert deterministic  # the stated complexity differs from the target
    added = await reviewed(FakeReviewer(warnings=(*deterministic, "Why?", "Why?")))
    assert added == GateAugmentation(("Why?",), True)


def test_a_pattern_is_named_as_written_or_said_at_word_boundaries() -> None:
    assert names_pattern("use SLIDING_WINDOW", "SLIDING_WINDOW")
    assert names_pattern("a sliding-window pass", "SLIDING_WINDOW")
    assert names_pattern("Sliding window?", "SLIDING_WINDOW")
    assert not names_pattern("the window slides", "SLIDING_WINDOW")
    assert not names_pattern("bfsx", "BFS")
