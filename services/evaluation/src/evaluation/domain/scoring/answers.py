"""One entry point for every scored answer: the kind picks the scorer, the result is uniform."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from contracts.practice import ScoringKind
from evaluation.domain.scoring.bug_hunt import score_bug_hunt
from evaluation.domain.scoring.design import score_design
from evaluation.domain.scoring.references import (
    BugHuntReference,
    DesignReference,
    TriageReference,
    WrittenReference,
)
from evaluation.domain.scoring.triage import score_triage
from evaluation.domain.scoring.written import score_written_answer

BUG_HUNT_POINTS = {"CORRECT": 100.0, "PARTIAL": 50.0, "INCORRECT": 0.0}


class UnscorableAnswer(ValueError):
    """The answer or its reference lacks what the scorer needs."""


@dataclass(frozen=True)
class Scored:
    score: float
    breakdown: dict[str, float] | None
    feedback: dict[str, Any]
    passed: bool  # the learner met the bar (bug found, triage mostly right, ...)


def score_answer(kind: ScoringKind, answer: dict[str, Any], reference: dict[str, Any]) -> Scored:
    try:
        return _SCORERS[kind](answer, reference)
    except (KeyError, TypeError, ValueError) as error:
        raise UnscorableAnswer(f"cannot score this {kind} answer: {error!r}") from error


def _written(answer: dict[str, Any], reference: dict[str, Any]) -> Scored:
    result = score_written_answer(
        assumptions=str(answer.get("assumptions", "")),
        architecture=str(answer.get("architecture", "")),
        trade_offs=str(answer.get("trade_offs", "")),
        failure_scenarios=str(answer.get("failure_scenarios", "")),
        expected_concepts=list(WrittenReference.model_validate(reference).expected_concepts),
    )
    feedback = {
        "evidence": result.evidence,
        "concepts_found": result.concepts_found,
        "concepts_missing": result.concepts_missing,
    }
    return Scored(result.score, result.breakdown, feedback, passed=result.score >= 6)


def _design(answer: dict[str, Any], reference: dict[str, Any]) -> Scored:
    result = score_design(
        rubric=DesignReference.model_validate(reference).rubric,
        description=str(answer.get("description") or ""),
        diagram_labels=[str(label) for label in answer.get("diagram_labels", [])],
    )
    feedback = asdict(result)
    breakdown = {
        "components": feedback.pop("components_score"),
        "trade_offs": feedback.pop("trade_offs_score"),
    }
    del feedback["score"]
    return Scored(result.score, breakdown, feedback, passed=result.score >= 60)


def _bug_hunt(answer: dict[str, Any], reference: dict[str, Any]) -> Scored:
    result = score_bug_hunt(
        item=BugHuntReference.model_validate(reference),
        selected_lines=[int(line) for line in answer.get("selected_lines", [])],
        explanation=str(answer.get("explanation", "")),
    )
    feedback = asdict(result)
    return Scored(BUG_HUNT_POINTS[result.result], None, feedback, passed=result.result == "CORRECT")


def _triage(answer: dict[str, Any], reference: dict[str, Any]) -> Scored:
    result = score_triage(item=TriageReference.model_validate(reference), answers=answer)
    feedback = asdict(result)
    breakdown = feedback.pop("breakdown")
    del feedback["score"]
    return Scored(result.score, breakdown, feedback, passed=result.score >= 60)


_SCORERS = {"written": _written, "design": _design, "bug_hunt": _bug_hunt, "triage": _triage}
