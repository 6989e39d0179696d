import pytest

from contracts.catalogue import BugHuntItem, CodingProblem, DebugLabItem
from contracts.catalogue.items import PublicBugHuntItem, PublicCodingProblem, PublicDebugLabItem
from practice.domain.catalog import learner_view

LAB = DebugLabItem.model_validate(
    {
        "id": "lab",
        "title": "Totals are short",
        "description": "The total misses a price.",
        "difficulty": "EASY",
        "language": "python",
        "files": [{"path": "a.py", "content": "x", "editable": True}],
        "hidden_files": [{"path": "h.py", "content": "SECRET"}],
        "test_command": "python -m unittest",
        "solution": {"explanation": "SECRET", "files": {}},
        "signals": ["failing_tests"],
        "defect_category": "Functional",
        "severity": "Major",
        "priority": "High",
        "expected_first_actions": ["SECRET"],
    }
)


def test_a_debug_lab_keeps_its_files_and_signals_but_not_the_answer_or_its_taxonomy() -> None:
    view = learner_view(LAB, PublicDebugLabItem).model_dump(mode="json")
    assert view["files"] == [{"path": "a.py", "content": "x", "editable": True}]
    assert view["signals"] == ["failing_tests"]
    assert "SECRET" not in str(view)
    assert not {"defect_category", "severity", "priority", "hidden_files"} & view.keys()


def test_a_bug_hunt_hides_its_hint_until_earned() -> None:
    item = BugHuntItem(
        id="total",
        title="Total",
        pattern="PREFIX_SUM",
        difficulty="EASY",
        language="python",
        prompt="Find the bug",
        code="def total(xs):\n    return sum(xs[1:])\n",
        bug_lines=(2,),
        explanation="SECRET",
        hint="SECRET",
    )
    view = learner_view(item, PublicBugHuntItem).model_dump()
    assert view["code"] == item.code
    assert "SECRET" not in str(view)
    assert "bug_lines" not in view


def test_coding_problems_hide_hidden_tests_and_patch_hints() -> None:
    problem = CodingProblem.model_validate(
        {
            "id": "sum",
            "title": "Sum",
            "description": "Add them up.",
            "execution": {"mode": "function", "entry_point": "total"},
            "tests": [
                {"input": [[1]], "expected_output": 1},
                {"input": [[2]], "expected_output": "SECRET", "is_hidden": True},
            ],
            "hints": ["Which loop?", "Keep a running total", "c", "d", "SECRET"],
            "reference_solutions": {"python": "SECRET"},
        }
    )
    view = learner_view(problem, PublicCodingProblem)
    assert [t.input for t in view.tests] == [[[1]]]
    assert [h.text for h in view.hints] == ["Which loop?", "Keep a running total", "c", "d"]
    assert "SECRET" not in view.model_dump_json()


def test_an_item_is_never_shown_as_another_kind() -> None:
    with pytest.raises(TypeError):
        learner_view(LAB, PublicCodingProblem)
