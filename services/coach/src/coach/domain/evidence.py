"""The evidence of a learner's own work, read off an evaluation: what feedback is grounded in.

Only what the learner may see goes in: a hidden test adds to a count, never its data.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from contracts.evaluation import EvaluationCompleted, TestOutcome

MAX_QUOTE_CHARS = 300
_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class FailingTest:
    number: int  # 1-based, as learners count
    input: str
    expected: str
    actual: str
    verdict: str


@dataclass(frozen=True)
class ErrorLine:
    message: str
    line: int | None


@dataclass(frozen=True)
class Score:
    criterion: str
    value: float
    evidence: str = ""


@dataclass(frozen=True)
class Evidence:
    kind: str
    verdict: str
    passed: bool
    tests_passed: int
    tests_total: int
    failing_test: FailingTest | None = None
    hidden_failures: int = 0
    error: ErrorLine | None = None
    score: float | None = None
    scores: tuple[Score, ...] = ()
    gaps: tuple[str, ...] = ()  # rubric concepts or components the answer missed


class _ScoredFeedback(BaseModel):
    """The parts of evaluation's kind-specific feedback that coach reads (architecture.md)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    evidence: dict[str, str] = {}
    concepts_missing: tuple[str, ...] = ()
    missing_components: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()


def quote(value: Any) -> str:
    """A test value as the learner would write it, cut to a readable length."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1] + "…"


def _error_of(outcome: TestOutcome) -> ErrorLine | None:
    text = (outcome.error or outcome.stderr or "").strip()
    if not text:
        return None
    last = text.splitlines()[-1].strip()
    lines = [int(n) for n in _LINE.findall(text)]
    return ErrorLine(message=quote(last), line=lines[-1] if lines else None)


def _scored(event: EvaluationCompleted) -> tuple[tuple[Score, ...], tuple[str, ...]]:
    try:
        feedback = _ScoredFeedback.model_validate(event.feedback or {})
    except ValidationError:
        feedback = _ScoredFeedback()
    scores = tuple(
        Score(criterion=name, value=value, evidence=quote(feedback.evidence.get(name, "")))
        for name, value in (event.score_breakdown or {}).items()
    )
    gaps = feedback.concepts_missing + feedback.missing_components + feedback.improvements
    return scores, tuple(quote(gap) for gap in gaps[:10])


def evidence_of(event: EvaluationCompleted) -> Evidence:
    """What the learner's evaluation shows, visible tests only."""
    visible = [t for t in event.test_results if not t.is_hidden]
    failing = next((t for t in visible if not t.passed), None)
    errored = next((e for t in visible if (e := _error_of(t)) is not None and not t.passed), None)
    scores, gaps = _scored(event)
    return Evidence(
        kind=event.kind,
        verdict=event.verdict,
        passed=event.summary.passed,
        tests_passed=event.summary.tests_passed,
        tests_total=event.summary.tests_total,
        failing_test=None
        if failing is None
        else FailingTest(
            number=failing.test_index + 1,
            input=quote(failing.input),
            expected=quote(failing.expected),
            actual=quote(failing.actual),
            verdict=failing.verdict,
        ),
        hidden_failures=sum(1 for t in event.test_results if t.is_hidden and not t.passed),
        error=errored,
        score=event.score,
        scores=scores,
        gaps=gaps,
    )


def evidence_record(evidence: Evidence) -> dict[str, Any]:
    """The evidence as JSON, to keep beside the feedback it grounds."""
    return dataclasses.asdict(evidence)


def evidence_from_record(record: dict[str, Any]) -> Evidence:
    test, error = record.get("failing_test"), record.get("error")
    return Evidence(
        **{
            **record,
            "failing_test": FailingTest(**test) if test else None,
            "error": ErrorLine(**error) if error else None,
            "scores": tuple(Score(**s) for s in record.get("scores", ())),
            "gaps": tuple(record.get("gaps", ())),
        }
    )
