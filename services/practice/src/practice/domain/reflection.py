"""Reflection after a failed submission: options derived from how it actually failed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

EDGE_CASE_SIZE = 1  # inputs this small (or empty) are edge cases


@dataclass(frozen=True)
class ReflectionOption:
    id: str
    text: str


@dataclass(frozen=True)
class Reflection:
    verdict: str
    failing_test: Mapping[str, Any] | None  # the first failing visible test, as the learner saw it
    options: tuple[ReflectionOption, ...]
    expected_option: str  # the cause the failure points to


_CAUSES: Mapping[str, str] = {
    "edge_case": "An edge case (empty, single or extreme input) is not handled",
    "logic": "The main loop breaks the invariant on an ordinary input",
    "off_by_one": "A boundary is off by one (a pointer, index or range end)",
    "too_slow": "The approach does more work than the target complexity allows",
    "crash": "The code crashes on some input (an index, a missing key, a None)",
    "syntax": "The code does not compile or parse",
}
_BY_VERDICT: Mapping[str, tuple[str, ...]] = {
    "time_limit_exceeded": ("too_slow", "logic", "edge_case"),
    "memory_limit_exceeded": ("too_slow", "logic", "edge_case"),
    "runtime_error": ("crash", "edge_case", "off_by_one"),
    "compile_error": ("syntax", "crash", "logic"),
}
_WRONG_ANSWER = ("edge_case", "off_by_one", "logic")


def _is_small(value: Any) -> bool:
    if isinstance(value, list | tuple | str | dict):
        return len(value) <= EDGE_CASE_SIZE or any(
            _is_small(v) for v in value if isinstance(v, list | str)
        )
    return value in (0, None)


def reflection_for(verdict: str | None, test_results: Sequence[Mapping[str, Any]]) -> Reflection:
    """The options to offer and which one the failure points to (never the fix itself)."""
    failing = next(
        (t for t in test_results if not t.get("passed") and not t.get("is_hidden")), None
    )
    kind = verdict or "wrong_answer"
    causes = _BY_VERDICT.get(kind, _WRONG_ANSWER)
    expected = causes[0]
    if kind not in _BY_VERDICT:
        small = failing is not None and _is_small(failing.get("input"))
        expected = "edge_case" if small or failing is None else "logic"
    shown = (
        {k: failing[k] for k in ("test_index", "input", "expected", "actual") if k in failing}
        if failing
        else None
    )
    return Reflection(
        verdict=kind,
        failing_test=shown,
        options=tuple(ReflectionOption(cause, _CAUSES[cause]) for cause in causes),
        expected_option=expected,
    )
