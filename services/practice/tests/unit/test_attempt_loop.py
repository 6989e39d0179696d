"""The coding loop's pure rules: gate, hints, reflection options, score, skills."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts.catalogue import CodingProblem
from contracts.catalogue.parts import Hint
from contracts.catalogue.vocabulary import PATTERNS
from practice.domain import discovery, hints
from practice.domain.adversary import MUTATIONS, adversary_prompt
from practice.domain.challenge import check_choice
from practice.domain.errors import HintBudgetExhausted, NoMoreHints
from practice.domain.gate import GateAnswer, check_gate, required_concepts
from practice.domain.reflection import reflection_for
from practice.domain.reviews import Completion, due, reviews
from practice.domain.scoring import FailedSubmission, attempt_score
from practice.domain.skills import UNLOCK_SCORE, SkillView, recommend, skill_score, unlocked_rungs

INVARIANT = (
    "The window [left, right] holds at most k distinct values; it grows on the right and "
    "shrinks from the left whenever it becomes invalid."
)


def problem(**extra: Any) -> CodingProblem:
    return CodingProblem.model_validate(
        {
            "id": "longest-run",
            "kind": "coding",
            "title": "Longest run",
            "description": "Find it.",
            "pattern": "SLIDING_WINDOW",
            "rung": 2,
            "target_complexity": {"time": "O(n)"},
            "execution": {"mode": "function", "entry_point": "f"},
            "tests": [{"input": [[1]], "expected_output": 1}],
            "invariant": INVARIANT,
            **extra,
        }
    )


def test_the_right_pattern_and_a_complete_invariant_pass() -> None:
    answer = GateAnswer("SLIDING_WINDOW", "My window stays valid: it expands right, shrinks left.")
    validation = check_gate(problem(), answer)
    assert validation.passed, validation.errors
    assert validation.errors == ()


def test_a_wrong_pattern_is_explained_without_naming_the_right_one() -> None:
    validation = check_gate(problem(), GateAnswer("HEAP", INVARIANT))
    assert not validation.passed
    assert len(validation.errors) == 1
    assert "HEAP needs" in validation.errors[0]
    assert "SLIDING_WINDOW" not in validation.errors[0]


def test_an_accepted_alternative_passes() -> None:
    answer = GateAnswer("TWO_POINTERS", "The left and right pointer move so the range is valid.")
    assert check_gate(problem(accepted_patterns=["TWO_POINTERS"]), answer).passed


def test_the_missing_concept_is_named_and_the_invariant_is_not_quoted() -> None:
    validation = check_gate(problem(), GateAnswer("SLIDING_WINDOW", "I keep a window of the data."))
    assert not validation.passed
    assert validation.missing_concepts == (
        "when the window grows or shrinks",
        "the condition the window keeps",
    )
    assert all(INVARIANT not in e and "distinct" not in e for e in validation.errors)


def test_a_too_short_invariant_fails() -> None:
    validation = check_gate(problem(), GateAnswer("SLIDING_WINDOW", "window"))
    assert not validation.passed
    assert "full sentence" in validation.errors[0]


def test_keywords_match_at_word_starts_only() -> None:
    # "slow" does not mention the pointer "lo"; "shrinks" does mention "shrink"
    two = problem(pattern="TWO_POINTERS", invariant="the lo pointer moves over sorted prices")
    assert [c.name for c in required_concepts(two, "TWO_POINTERS")] == [
        "the two pointers",
        "which pointer moves and why",
        "the sorted order it relies on",
    ]
    slow = check_gate(two, GateAnswer("TWO_POINTERS", "a slow scan moves over sorted data"))
    assert "the two pointers" in slow.missing_concepts


def test_a_different_complexity_is_a_warning_only() -> None:
    answer = GateAnswer("SLIDING_WINDOW", "The window grows, shrinks, and stays valid.", "O(n^2)")
    validation = check_gate(problem(), answer)
    assert validation.passed
    assert validation.warnings


LADDER = tuple(
    Hint(level=level, text=f"hint {level}")  # type: ignore[arg-type]
    for level in hints.HINT_COSTS
)


def test_hints_climb_the_ladder_and_spend_the_budget() -> None:
    hint, budget, last = hints.next_hint(LADDER, [])
    assert (hint.level, budget.spent, budget.remaining, last) == (
        "DIRECTIONAL_QUESTION",
        10,
        90,
        False,
    )
    used = ["DIRECTIONAL_QUESTION", "HEURISTIC_HINT", "CONCEPT_INJECTION"]
    hint, budget, last = hints.next_hint(LADDER, used)
    # 100 spent: the patch level (50) can no longer be bought
    assert (hint.level, budget.spent, budget.exhausted, last) == ("MICRO_EXAMPLE", 100, True, True)


def test_an_exhausted_budget_and_an_exhausted_ladder_answer_409() -> None:
    with pytest.raises(HintBudgetExhausted):
        hints.next_hint(LADDER, list(hints.HINT_COSTS)[:4])
    with pytest.raises(NoMoreHints):
        hints.next_hint(LADDER[:1], ["DIRECTIONAL_QUESTION"])


def test_a_short_ladder_ends_with_its_last_hint() -> None:
    _, budget, last = hints.next_hint(LADDER[4:], [])
    assert (budget.spent, last) == (50, True)


def test_a_wrong_answer_on_an_empty_input_points_to_an_edge_case() -> None:
    results = [
        {"test_index": 0, "is_hidden": False, "passed": True, "input": [[1, 2]]},
        {
            "test_index": 1,
            "is_hidden": False,
            "passed": False,
            "input": [[]],
            "expected": 0,
            "actual": 1,
        },
    ]
    reflection = reflection_for("wrong_answer", results)
    assert reflection.expected_option == "edge_case"
    assert reflection.failing_test == {"test_index": 1, "input": [[]], "expected": 0, "actual": 1}
    assert {o.id for o in reflection.options} == {"edge_case", "off_by_one", "logic"}


def test_a_wrong_answer_on_an_ordinary_input_points_to_the_logic() -> None:
    results = [{"test_index": 0, "is_hidden": False, "passed": False, "input": [[3, 1, 2], 4]}]
    assert reflection_for("wrong_answer", results).expected_option == "logic"


def test_a_timeout_points_to_the_complexity() -> None:
    reflection = reflection_for("time_limit_exceeded", [])
    assert reflection.expected_option == "too_slow"
    assert reflection.failing_test is None


def test_a_clean_attempt_scores_full_marks() -> None:
    score = attempt_score(failed_gates=0, hints_spent=0, failures=[])
    assert score.breakdown() == {
        "overall": 1.0,
        "pattern_recognition": 1.0,
        "implementation": 1.0,
        "edge_cases": 1.0,
        "efficiency": 1.0,
    }


def test_hints_failed_gates_and_failures_lower_the_score() -> None:
    clean = attempt_score(failed_gates=0, hints_spent=0, failures=[])
    hinted = attempt_score(failed_gates=0, hints_spent=30, failures=[])
    gated = attempt_score(failed_gates=1, hints_spent=0, failures=[])
    slow = attempt_score(
        failed_gates=0, hints_spent=0, failures=[FailedSubmission("time_limit_exceeded", True)]
    )
    assert hinted.overall == 0.85
    assert gated.pattern_recognition == 0.75
    assert gated.overall < clean.overall
    assert (slow.implementation, slow.edge_cases, slow.efficiency) == (0.85, 0.8, 0.7)


NOW = datetime(2026, 12, 1, tzinfo=UTC)


def skill(pattern: str, rung: int, score: float, hours: int = 0) -> SkillView:
    unlocked = NOW if score >= UNLOCK_SCORE else None
    return SkillView(pattern, rung, score, 1, NOW + timedelta(hours=hours), unlocked)


def test_a_skill_is_the_mean_of_the_last_three_scores() -> None:
    assert skill_score([1.0, 0.4, 0.7, 0.0]) == 0.7
    assert skill_score([]) == 0.0


def test_a_rung_at_the_threshold_unlocks_the_next() -> None:
    assert unlocked_rungs([skill("HEAP", 1, 0.7), skill("TRIE", 1, 0.69)]) == [("HEAP", 2, 0.7)]


def test_recommendations_shore_up_then_climb_then_broaden() -> None:
    assert recommend([]).pattern == "SLIDING_WINDOW"
    assert recommend([]).reason == "Expand your pattern repertoire"
    weak = recommend([skill("HEAP", 1, 0.9), skill("TRIE", 2, 0.3, hours=1)])
    assert (weak.pattern, weak.rung) == ("TRIE", 2)
    climb = recommend([skill("HEAP", 1, 0.9)])
    assert (climb.pattern, climb.rung) == ("HEAP", 2)


def test_the_adversary_mutates_a_constraint_the_pattern_relies_on() -> None:
    item = problem()
    prompt = adversary_prompt(item)
    assert prompt == adversary_prompt(item)  # the same for the same problem
    assert prompt.startswith("Longest run, changed:")
    assert any(mutation in prompt for mutation in MUTATIONS["SLIDING_WINDOW"])
    assert "sliding window approach" in prompt


def test_a_wrong_pattern_is_challenged_with_a_visible_test_and_look_alikes() -> None:
    item = problem(tests=[{"input": [[4, 4]], "expected_output": 2, "explanation": "twice"}])
    challenge = check_choice(item, GateAnswer("HEAP", INVARIANT))
    assert challenge.should_challenge
    assert challenge.mode == "COUNTEREXAMPLE"
    assert challenge.counterexample == "input [[4, 4]] should give 2"
    assert challenge.confidence_score == 0.9
    assert "SLIDING_WINDOW" in challenge.suggested_alternatives
    assert len(challenge.suggested_alternatives) == 3
    assert list(challenge.suggested_alternatives) == sorted(challenge.suggested_alternatives)
    assert "HEAP" not in challenge.suggested_alternatives


def test_a_weak_invariant_is_challenged_without_suggesting_patterns() -> None:
    challenge = check_choice(
        problem(), GateAnswer("SLIDING_WINDOW", "I keep a window of the data.")
    )
    assert challenge.should_challenge
    assert challenge.suggested_alternatives == ()
    assert 0.3 < challenge.confidence_score < 0.9
    assert challenge.reasons


def test_a_sound_choice_is_not_challenged() -> None:
    answer = GateAnswer("SLIDING_WINDOW", "My window stays valid: it expands right, shrinks left.")
    challenge = check_choice(problem(), answer)
    assert not challenge.should_challenge
    assert challenge.confidence_score == 0.0


@pytest.mark.parametrize("pattern", PATTERNS)
def test_truthful_answers_discover_every_pattern(pattern: str) -> None:
    candidates, asked = discovery.start(), []
    while (question := discovery.next_question(candidates, asked, pattern)) is not None:  # type: ignore[arg-type]
        asked.append(question.id)
        candidates = discovery.narrowed(candidates, question, pattern in question.yes)
        assert len(asked) <= len(discovery.QUESTIONS)
    assert candidates == [pattern]


def test_answers_are_read_as_yes_no_or_neither() -> None:
    assert discovery.parse_answer("Yes, it is sorted.") is True
    assert discovery.parse_answer("no") is False
    assert discovery.parse_answer("It is not sorted") is False
    assert discovery.parse_answer("maybe") is None


def test_an_answer_that_rules_out_everything_keeps_the_candidates() -> None:
    question = discovery.BY_ID["fewest_steps"]
    assert discovery.narrowed(["BFS"], question, False) == ["BFS"]


def completion(pattern: str, day: int, score: float = 1.0, hints_used: int = 0) -> Completion:
    return Completion(pattern, NOW + timedelta(days=day), score, hints_used)


def test_unaided_successes_grow_the_stability_and_help_shrinks_it() -> None:
    done = [completion("HEAP", 0), completion("HEAP", 1), completion("HEAP", 4)]
    [review] = reviews(done, {"HEAP"})
    assert review.stability_days == 6.25  # 1, then 2.5, then 6.25
    assert review.due_at == NOW + timedelta(days=4 + 6.25)
    helped = reviews([*done, completion("HEAP", 11, hints_used=1)], {"HEAP"})
    assert helped[0].stability_days == 3.12


def test_only_mastered_patterns_are_scheduled_and_due_ones_come_back() -> None:
    schedule = reviews([completion("HEAP", 0), completion("TRIE", 0)], {"HEAP"})
    assert [r.pattern for r in schedule] == ["HEAP"]
    assert due(schedule, NOW) == []
    assert [r.pattern for r in due(schedule, NOW + timedelta(days=2))] == ["HEAP"]
    back = recommend([skill("HEAP", 2, 0.9), skill("TRIE", 1, 0.2)], due=["HEAP"])
    assert (back.pattern, back.rung, back.reason) == ("HEAP", 2, "due for review")
