"""Learner views: public models are allow-lists; content and practice share them."""

from __future__ import annotations

from contracts.catalogue import Kind, parse_item, public_view
from contracts.visibility import learner_view

PROBLEM = {
    "id": "count-lanterns",
    "title": "Count the Lanterns",
    "description": "Return how many lanterns are lit.",
    "execution": {"mode": "function", "entry_point": "count_lit"},
    "tests": [
        {"input": [[1]], "expected_output": 1, "is_hidden": False},
        {"input": [[0]], "expected_output": 0, "is_hidden": True},
    ],
    "hints": ["a", "b", "c", "d", "the patch"],
    "reference_solutions": {"python": "def count_lit(xs):\n    return sum(xs)\n"},
}
BUG_HUNT = {
    "id": "off-by-one",
    "title": "Off by one",
    "pattern": "SLIDING_WINDOW",
    "difficulty": "EASY",
    "language": "python",
    "prompt": "Find it.",
    "code": "def f(xs):\n    return xs[1:]\n",
    "bug_lines": [2],
    "hint": "look at the slice",
}


def test_a_coding_problem_shows_visible_tests_and_free_hints_only() -> None:
    view = public_view(parse_item(Kind.CODING, PROBLEM)).model_dump()
    assert "reference_solutions" not in view
    assert [t["is_hidden"] for t in view["tests"]] == [False]
    assert [h["level"] for h in view["hints"]][-1] == "MICRO_EXAMPLE"


def test_the_bug_hunt_hint_and_the_answer_stay_hidden() -> None:
    view = public_view(parse_item(Kind.BUG_HUNT, BUG_HUNT)).model_dump()
    assert "hint" not in view
    assert "bug_lines" not in view
    assert view["code"] == BUG_HUNT["code"]


def test_a_field_nobody_made_public_stays_hidden() -> None:
    assert "secret_notes" not in learner_view("task", {"title": "t", "secret_notes": "x"})
    assert learner_view("no-such-kind", {"title": "t"}) == {}


def test_the_dict_view_reads_plain_string_hints_as_the_models_do() -> None:
    view = learner_view("coding", {"hints": ["a", "b", "c", "d", "the patch"], "tests": "junk"})
    assert [h["text"] for h in view["hints"]] == ["a", "b", "c", "d"]
    assert view["tests"] == []
