"""The pattern challenge, the advocate's trap (seed 001): question a shaky choice before coding."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from contracts.catalogue import CodingProblem
from contracts.catalogue.vocabulary import PATTERNS, Pattern
from practice.domain.gate import GateAnswer, check_gate, required_concepts

SUGGESTIONS = 3


@dataclass(frozen=True)
class Challenge:
    should_challenge: bool
    mode: str  # COUNTEREXAMPLE when a visible test can be walked through, else SOCRATIC
    prompt: str
    counterexample: str | None
    confidence_score: float  # how sure the checker is that the choice is shaky, 0..1
    reasons: tuple[str, ...]
    suggested_alternatives: tuple[Pattern, ...]


def _fits(problem: CodingProblem, pattern: Pattern) -> bool:
    fits = {problem.pattern, *problem.accepted_patterns} - {None}
    return not fits or pattern in fits


def _suggestions(problem: CodingProblem, chosen: Pattern) -> tuple[Pattern, ...]:
    """The fitting patterns among look-alikes, sorted by name so no position gives them away."""
    right = [p for p in (problem.pattern, *problem.accepted_patterns) if p and p != chosen]
    others = sorted(
        (p for p in PATTERNS if p not in right and p != chosen),
        key=lambda p: hashlib.sha256(f"{problem.id}:{p}".encode()).hexdigest(),
    )
    return tuple(sorted([*right, *others][:SUGGESTIONS]))


def _counterexample(problem: CodingProblem) -> str | None:
    visible = [t for t in problem.tests if not t.is_hidden]
    test = next((t for t in visible if t.explanation), visible[0] if visible else None)
    if test is None:
        return None
    return f"input {json.dumps(test.input)} should give {json.dumps(test.expected_output)}"


def check_choice(problem: CodingProblem, answer: GateAnswer) -> Challenge:
    """Challenge a pattern that does not fit or an invariant that misses concepts."""
    validation = check_gate(problem, answer)
    wrong = not _fits(problem, answer.selected_pattern)
    required = len(required_concepts(problem, answer.selected_pattern)) or 1
    weak = len(validation.missing_concepts) / required
    confidence = 0.9 if wrong else round(0.3 + 0.5 * weak, 2)
    example = _counterexample(problem)
    prompt = (
        f"Before you commit to {answer.selected_pattern}: walk {example} through your approach "
        "step by step. Does your invariant hold at every step?"
        if example
        else f"Before you commit to {answer.selected_pattern}: what property of the input does "
        "it rely on, and does this problem guarantee it?"
    )
    return Challenge(
        should_challenge=not validation.passed,
        mode="COUNTEREXAMPLE" if example else "SOCRATIC",
        prompt=prompt,
        counterexample=example,
        confidence_score=confidence if not validation.passed else 0.0,
        reasons=validation.errors,
        suggested_alternatives=_suggestions(problem, answer.selected_pattern) if wrong else (),
    )


def challenge_passed(problem: CodingProblem, final_pattern: Pattern) -> bool:
    """Whether the learner left the challenge on a pattern that fits."""
    return _fits(problem, final_pattern)
