from typing import Any

import pytest

from contracts.catalogue import DebugLabItem
from contracts.catalogue.parts import ProjectFile
from practice.domain.debug_lab import (
    DebugLabStatus,
    after_fix,
    after_triage,
    ensure_can_run,
    ensure_can_submit,
    ensure_can_triage,
    overlay,
    pick_next,
    project_passed,
    solution_explanation,
)
from practice.domain.errors import (
    AlreadyCompleted,
    InvalidTransition,
    NotEditable,
    TriageRequired,
)

FILES = [
    ProjectFile(path="src/a.py", content="a = 1\n", editable=True),
    ProjectFile(path="src/b.py", content="b = 2\n", editable=True),
    ProjectFile(path="tests/test_a.py", content="import a\n", editable=False),
]


def lab(**fields: Any) -> DebugLabItem:
    """A debug-lab item with `fields` over a small valid one."""
    return DebugLabItem.model_validate(
        {
            "id": "lab",
            "title": "Totals are short",
            "description": "The total misses a price.",
            "difficulty": "EASY",
            "language": "python",
            "files": FILES,
            "test_command": "python -m unittest",
            "defect_category": "Functional",
            "severity": "Major",
            "priority": "High",
            **fields,
        }
    )


def test_edits_are_laid_over_the_items_files() -> None:
    assert overlay(FILES, {"src/a.py": "a = 3\n"}) == {
        "src/a.py": "a = 3\n",
        "src/b.py": "b = 2\n",
        "tests/test_a.py": "import a\n",
    }
    assert overlay(FILES, {}) == {f.path: f.content for f in FILES}


def test_read_only_and_unknown_paths_are_refused_by_name() -> None:
    with pytest.raises(NotEditable) as refused:
        overlay(FILES, {"tests/test_a.py": "", "../etc/passwd": "", "src/a.py": ""})
    assert refused.value.status == 422
    assert [e["loc"][-1] for e in refused.value.errors or []] == [
        "../etc/passwd",
        "tests/test_a.py",
    ]
    assert "tests/test_a.py" in refused.value.detail


def test_triage_happens_once_and_only_at_the_start() -> None:
    ensure_can_triage("STARTED", triaged=False)
    for status, triaged in (("STARTED", True), ("FAILED", False), ("PASSED", False)):
        with pytest.raises(InvalidTransition):
            ensure_can_triage(status, triaged=triaged)


def test_tests_wait_for_a_required_triage() -> None:
    with pytest.raises(TriageRequired) as raised:
        ensure_can_run("STARTED", triage_required=True, triaged=False)
    assert (raised.value.status, raised.value.code) == (409, "TRIAGE_REQUIRED")
    ensure_can_run("STARTED", triage_required=True, triaged=True)
    ensure_can_run("STARTED", triage_required=False, triaged=False)


def test_fixes_stop_once_passed_and_wait_for_a_pending_one() -> None:
    ensure_can_submit("FAILED", triage_required=True, triaged=True)
    with pytest.raises(AlreadyCompleted):
        ensure_can_submit("PASSED", triage_required=False, triaged=False)
    with pytest.raises(InvalidTransition):
        ensure_can_submit("SUBMITTED", triage_required=False, triaged=False)
    ensure_can_run("SUBMITTED", triage_required=False, triaged=False)


def test_a_scored_triage_completes_the_step_without_moving_a_later_status_back() -> None:
    assert after_triage("STARTED", evaluated=True) is DebugLabStatus.TRIAGE_COMPLETED
    assert after_triage("STARTED", evaluated=False) is DebugLabStatus.STARTED
    assert after_triage("SUBMITTED", evaluated=True) is DebugLabStatus.SUBMITTED


@pytest.mark.parametrize(
    ("feedback", "passed"),
    [
        ({"visible": {"passed": True}, "hidden": {"passed": True}}, True),
        ({"visible": {"passed": True}, "hidden": None}, True),
        ({"visible": {"passed": True}, "hidden": {"passed": False}}, False),
        ({"visible": {"passed": False}, "hidden": {"passed": True}}, False),
        (None, False),
    ],
)
def test_a_fix_passes_when_visible_and_hidden_tests_pass(
    feedback: dict[str, object] | None, passed: bool
) -> None:
    assert project_passed(feedback) is passed  # type: ignore[arg-type]
    assert after_fix(passed=passed) is (DebugLabStatus.PASSED if passed else DebugLabStatus.FAILED)


def test_the_solution_shows_once_passed_or_after_three_tries() -> None:
    item = lab(solution={"explanation": "why", "files": {"a.py": "secret"}})
    assert solution_explanation(item, status=DebugLabStatus.FAILED, submissions=2) is None
    assert solution_explanation(item, status=DebugLabStatus.FAILED, submissions=3) == "why"
    assert solution_explanation(item, status=DebugLabStatus.PASSED, submissions=1) == "why"


def test_the_next_item_is_the_easiest_not_yet_passed() -> None:
    items = [
        lab(id="lab-c", difficulty="HARD", defect_category="Resource"),
        lab(id="lab-b", difficulty="EASY", defect_category="Functional"),
        lab(id="lab-a", difficulty="MEDIUM", defect_category="Functional"),
        lab(id="lab-d", difficulty="EASY", defect_category="Resource"),
    ]

    def next_id(passed: set[str], **filters: str) -> str | None:
        chosen = pick_next(items, passed={f"lab-{p}" for p in passed}, **filters)
        return chosen.id.removeprefix("lab-") if chosen else None

    assert next_id(set()) == "b"
    assert next_id({"b", "d"}) == "a"
    assert next_id({"b"}, category="Resource") == "d"
    assert next_id(set(), difficulty="HARD") == "c"
    assert next_id({"a", "b", "c", "d"}) is None
