"""Debug-lab attempts (seed 001): triage, test runs and fixes, and what the learner earns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from contracts.catalogue import DebugLabItem
from contracts.catalogue.parts import ProjectFile
from contracts.debug_lab import DIFFICULTIES
from practice.domain.errors import AlreadyCompleted, InvalidTransition, NotEditable, TriageRequired

# The solution's explanation is shown once the fix passes, or after this many tries.
REVEAL_SOLUTION_AFTER = 3


class DebugLabStatus(StrEnum):
    STARTED = "STARTED"
    TRIAGE_COMPLETED = "TRIAGE_COMPLETED"
    SUBMITTED = "SUBMITTED"  # a fix waits for its evaluation
    PASSED = "PASSED"
    FAILED = "FAILED"  # may submit again


def ensure_can_triage(status: str, *, triaged: bool) -> None:
    """One triage per attempt, before the fix is in."""
    if triaged or DebugLabStatus(status) is not DebugLabStatus.STARTED:
        raise InvalidTransition("debug-lab attempt", "triage", "already triaged")


def ensure_can_run(status: str, *, triage_required: bool, triaged: bool) -> None:
    """Tests run until the fix passes, after the triage when the item asks for one."""
    if DebugLabStatus(status) is DebugLabStatus.PASSED:
        raise AlreadyCompleted("This attempt has passed")
    if triage_required and not triaged:
        raise TriageRequired()


def ensure_can_submit(status: str, *, triage_required: bool, triaged: bool) -> None:
    """Like a test run, but not while an earlier fix is still being evaluated."""
    ensure_can_run(status, triage_required=triage_required, triaged=triaged)
    if DebugLabStatus(status) is DebugLabStatus.SUBMITTED:
        raise InvalidTransition("debug-lab attempt", "submit", "waiting for its evaluation")


def overlay(files: Sequence[ProjectFile], edited: dict[str, str]) -> dict[str, str]:
    """The item's files with the learner's edits laid over them; only editable files change."""
    project = {f.path: f.content for f in files}
    editable = {f.path for f in files if f.editable}
    if refused := sorted(path for path in edited if path not in editable):
        raise NotEditable(refused)
    return {**project, **edited}


def after_triage(status: str, *, evaluated: bool) -> DebugLabStatus:
    """A scored triage completes that step; it never moves a later status back."""
    current = DebugLabStatus(status)
    if evaluated and current is DebugLabStatus.STARTED:
        return DebugLabStatus.TRIAGE_COMPLETED
    return current


def project_passed(feedback: dict[str, Any] | None) -> bool:
    """Passed when the visible tests pass and the hidden ones, if they ran, pass too."""
    if not feedback:
        return False
    visible, hidden = feedback.get("visible") or {}, feedback.get("hidden")
    return bool(visible.get("passed")) and (hidden is None or bool(hidden.get("passed")))


def after_fix(*, passed: bool) -> DebugLabStatus:
    return DebugLabStatus.PASSED if passed else DebugLabStatus.FAILED


def taxonomy(item: DebugLabItem) -> dict[str, Any]:
    """What kind of defect this was, shown once the learner has triaged or tried a fix."""
    return {
        "defect_category": item.defect_category,
        "severity": item.severity,
        "priority": item.priority,
        "signals": list(item.signals),
    }


def solution_explanation(
    item: DebugLabItem, *, status: DebugLabStatus, submissions: int
) -> str | None:
    """The solution's explanation, once passed or after enough tries; None before."""
    if status is DebugLabStatus.PASSED or submissions >= REVEAL_SOLUTION_AFTER:
        return item.solution.explanation or None
    return None


def pick_next(
    items: Iterable[DebugLabItem],
    *,
    passed: set[str],
    category: str | None = None,
    difficulty: str | None = None,
) -> DebugLabItem | None:
    """The easiest item the learner has not passed, among those matching the filters."""
    candidates = [
        item
        for item in items
        if item.id not in passed
        and (category is None or item.defect_category == category)
        and (difficulty is None or item.difficulty == difficulty)
    ]
    return min(candidates, key=lambda i: (DIFFICULTIES.index(i.difficulty), i.id), default=None)


def next_reason(item: DebugLabItem) -> str:
    return f"Recommended based on difficulty progression ({item.difficulty})"
