"""The interview's pure rules: state machine, plan, question selection, adaptation, report."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.catalogue import CodingProblem, Question
from practice.domain.errors import InvalidTransition
from practice.domain.interview_report import (
    Candidate,
    Outcome,
    Standing,
    build_report,
    dimensions,
    percentile_rank,
)
from practice.domain.interview_scoring import Scores
from practice.domain.interviews import (
    InterviewAction,
    InterviewStatus,
    adapted_difficulty,
    after,
    pick_coding_problem,
    pick_question,
    question_count,
)


def question(qid: str, qtype: str = "theory", difficulty: str = "medium", **extra: Any) -> Question:
    return Question.model_validate(
        {
            "id": qid,
            "type": qtype,
            "difficulty": difficulty,
            "category": extra.pop("category", "data structures"),
            "title": f"Question {qid}",
            "text": "Explain it.",
            **extra,
        }
    )


def problem(pid: str, difficulty: str = "medium", category: str = "arrays") -> CodingProblem:
    return CodingProblem.model_validate(
        {
            "id": pid,
            "title": pid,
            "description": "Solve it.",
            "difficulty": difficulty,
            "category": category,
            "execution": {"mode": "function", "entry_point": "f"},
            "tests": [{"input": [1], "expected_output": 1}],
        }
    )


def test_an_interview_is_asked_answered_then_completed_and_nothing_after() -> None:
    assert after("pending", InterviewAction.ASK) == InterviewStatus.IN_PROGRESS
    assert after("in_progress", InterviewAction.ANSWER) == InterviewStatus.IN_PROGRESS
    assert after("pending", InterviewAction.COMPLETE) == InterviewStatus.COMPLETED
    for action in InterviewAction:
        with pytest.raises(InvalidTransition):
            after("completed", action)
    with pytest.raises(InvalidTransition):
        after("pending", InterviewAction.ANSWER)  # nothing was asked yet


def test_the_duration_decides_how_many_questions_within_bounds() -> None:
    assert question_count(45) == 6  # seed 002's example
    assert question_count(10) == 2
    assert question_count(120) == 12


BANK = [
    question("hash-easy", "theory", "easy", topics=["hash tables"]),
    question("hash-hard", "theory", "hard", topics=["hash tables"]),
    question("graphs", "theory", "medium", category="graphs", topics=["bfs"]),
    question("team", "behavioral", "medium", category="conflict"),
    question("design", "system_design", "medium", category="caching"),
]


def pick(**options: Any) -> Question | None:
    settings: dict[str, Any] = {
        "interview_id": "iv-1",
        "mode": "technical",
        "slot": 0,
        "topics": [],
        "difficulty": "medium",
        "asked": set(),
    }
    return pick_question(BANK, **(settings | options))


def test_the_slot_type_comes_first_then_topics_then_the_nearest_difficulty() -> None:
    assert pick(mode="behavioral").id == "team"  # type: ignore[union-attr]
    assert pick(slot=2).id == "design"  # type: ignore[union-attr]  # technical: third slot
    chosen = pick(topics=["hash tables"], difficulty="hard")
    assert chosen is not None
    assert chosen.id == "hash-hard"
    chosen = pick(topics=["Hash Tables"], difficulty="easy")
    assert chosen is not None
    assert chosen.id == "hash-easy"


def test_a_question_is_never_asked_twice_and_the_mode_mix_is_kept() -> None:
    asked: set[str] = set()
    while (chosen := pick(asked=asked, slot=len(asked))) is not None:
        assert chosen.id not in asked
        asked.add(chosen.id)
    assert asked == {"hash-easy", "hash-hard", "graphs", "design"}  # never the behavioral one


def test_difficulty_steps_up_after_strong_answers_and_down_after_weak_ones() -> None:
    assert adapted_difficulty("medium", [80, 90]) == "hard"
    assert adapted_difficulty("hard", [95]) == "hard"
    assert adapted_difficulty("medium", [30, 40]) == "easy"
    assert adapted_difficulty("easy", [10]) == "easy"
    assert adapted_difficulty("medium", [60, 55]) == "medium"
    assert adapted_difficulty("medium", []) == "medium"


def test_the_coding_challenge_matches_difficulty_then_topics() -> None:
    problems = [problem("pa", "easy"), problem("pb", "hard", "graphs"), problem("pc", "hard")]
    chosen = pick_coding_problem(problems, interview_id="x", topics=["graphs"], difficulty="hard")
    assert chosen is not None
    assert chosen.id == "pb"
    assert pick_coding_problem([], interview_id="x", topics=[], difficulty="easy") is None


def outcome(qid: str, scores: Scores | None, category: str = "graphs") -> Outcome:
    return Outcome(qid, f"Q {qid}", category, "theory", scores)


def test_the_report_counts_a_skipped_question_as_zero_and_uses_the_tests_for_code() -> None:
    full = dimensions([outcome("a", Scores(80, 80, 80))])
    half = dimensions([outcome("a", Scores(80, 80, 80)), outcome("b", None)])
    assert full.overall_score == 80
    assert half.overall_score == 40
    coded = Outcome("c", "Code", "arrays", "coding", Scores(50, 50, 50), tests=(4, 4))
    assert dimensions([coded]).problem_solving_score == 100


def test_percentile_counts_the_others_below_and_half_the_ties() -> None:
    assert percentile_rank(Standing(below=3, equal=2, total=10)) == 40
    assert percentile_rank(Standing(0, 0, 0)) == 100


def test_recommendations_name_catalogue_items_on_weak_categories_not_asked_already() -> None:
    outcomes = [outcome("asked", Scores(20, 20, 20)), outcome("ok", Scores(90, 90, 90), "sql")]
    candidates = [
        Candidate("asked", "question", "Asked", ("graphs",)),
        Candidate("bfs", "coding", "Shortest path", ("graphs",)),
        Candidate("joins", "question", "Joins", ("sql",)),
    ]
    d = dimensions(outcomes)
    report = build_report(outcomes, d, candidates=candidates, standing=Standing(0, 0, 0))
    assert [r.item_id for r in report.recommendations] == ["bfs", "joins"]
    assert "graphs" in report.recommendations[0].reason
    assert any("graphs" in area for area in report.improvement_areas)
    assert any("sql" in strength for strength in report.strengths)
