"""What a result event may carry: per-test details capped in bytes, the whole bounded by a budget.

Sizes are measured as the outbox relay sends them (ASCII JSON, where one emoji is a
12-byte escape), so the event stays far below the producer's 1 MiB limit whatever
the learner's code printed. The full results stay in evaluation's database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from contracts.evaluation import TestOutcome
from servicekit.text import fit_utf8

FIELD_BYTES = 4 * 1024  # each test's stdout, stderr, error and each JSON value, as UTF-8
FEEDBACK_FIELD_BYTES = 16 * 1024  # each string of a run's feedback (a debug lab's output)
RESULTS_BYTES = 256 * 1024  # the test results together, encoded
EVENT_BYTES = 512 * 1024  # the whole event, encoded; above it only the verdict is sent


def encoded_size(value: Any) -> int:
    """Bytes of `value` in the relay's encoding."""
    return len(json.dumps(value))


def _utf8_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def _capped_value(value: Any) -> tuple[Any, bool]:
    """A JSON value within FIELD_BYTES, or the start of its JSON text."""
    if _utf8_size(value) <= FIELD_BYTES:
        return value, False
    return fit_utf8(json.dumps(value, ensure_ascii=False), FIELD_BYTES), True


def _capped_text(text: str | None, *, keep_end: bool = False) -> tuple[str | None, bool]:
    if text is None:
        return None, False
    capped = fit_utf8(text, FIELD_BYTES, keep="tail" if keep_end else "head")
    return capped, capped != text


def _capped_outcome(outcome: TestOutcome) -> tuple[TestOutcome, bool]:
    stdout, cut_out = _capped_text(outcome.stdout)
    stderr, cut_err = _capped_text(outcome.stderr, keep_end=True)  # a traceback ends there
    error, cut_error = _capped_text(outcome.error)
    values = {
        name: _capped_value(getattr(outcome, name)) for name in ("input", "expected", "actual")
    }
    capped = outcome.model_copy(
        update={
            "stdout": stdout or "",
            "stderr": stderr or "",
            "error": error,
            **{name: value for name, (value, _) in values.items()},
        }
    )
    cut = cut_out or cut_err or cut_error or any(c for _, c in values.values())
    return capped, cut


def _bare(outcome: TestOutcome) -> TestOutcome:
    """The outcome without its details: what passed, and how."""
    return TestOutcome(
        test_index=outcome.test_index,
        is_hidden=outcome.is_hidden,
        passed=outcome.passed,
        verdict=outcome.verdict,
        duration_ms=outcome.duration_ms,
        memory_kb=outcome.memory_kb,
    )


def bounded_outcomes(outcomes: Sequence[TestOutcome]) -> tuple[tuple[TestOutcome, ...], bool]:
    """The outcomes within RESULTS_BYTES, and whether anything was cut to get there.

    Every test's verdict comes first (room is kept for all of them); details fill the
    rest in test order.
    """
    bare = [_bare(o) for o in outcomes]
    sizes = [encoded_size(o.model_dump(mode="json")) for o in bare]
    if sum(sizes) > RESULTS_BYTES:
        fitting = sum(1 for total in accumulate(sizes) if total <= RESULTS_BYTES)
        return tuple(bare[:fitting]), True
    kept: list[TestOutcome] = []
    truncated, room = False, RESULTS_BYTES - sum(sizes)
    for outcome, bare_outcome, bare_size in zip(outcomes, bare, sizes, strict=True):
        capped, cut = _capped_outcome(outcome)
        extra = encoded_size(capped.model_dump(mode="json")) - bare_size
        if extra <= room:
            kept.append(capped)
            truncated, room = truncated or cut, room - extra
        else:
            kept.append(bare_outcome)
            truncated = True
    return tuple(kept), truncated


def bounded_feedback(feedback: Any) -> tuple[Any, bool]:
    """Feedback with each string cut to its last FEEDBACK_FIELD_BYTES (summaries come last)."""
    if isinstance(feedback, str):
        capped = fit_utf8(feedback, FEEDBACK_FIELD_BYTES, keep="tail")
        return capped, capped != feedback
    if isinstance(feedback, list):
        pairs = [bounded_feedback(v) for v in feedback]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(feedback, dict):
        items = {k: bounded_feedback(v) for k, v in feedback.items()}
        return {k: v for k, (v, _) in items.items()}, any(c for _, c in items.values())
    return feedback, False
