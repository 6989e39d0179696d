"""The attempt's score (seed 001): four dimensions, lowered by hints and failed gates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from practice.domain.hints import HINT_BUDGET

GATE_PENALTY = 0.25  # pattern recognition lost per failed thinking gate
FAILED_SUBMISSION_PENALTY = 0.15  # implementation lost per failed submission
HIDDEN_FAILURE_PENALTY = 0.2  # edge cases lost per submission that failed a hidden test
SLOW_PENALTY = 0.3  # efficiency lost per submission over the time or memory limit
HINT_WEIGHT = 0.5  # the whole budget spent halves the overall score
SLOW = frozenset({"time_limit_exceeded", "memory_limit_exceeded"})


@dataclass(frozen=True)
class FailedSubmission:
    verdict: str
    failed_hidden: bool


@dataclass(frozen=True)
class AttemptScore:
    overall: float
    pattern_recognition: float
    implementation: float
    edge_cases: float
    efficiency: float

    def breakdown(self) -> dict[str, float]:
        return asdict(self)


def _floor(value: float) -> float:
    return round(min(max(value, 0.0), 1.0), 3)


def attempt_score(
    *, failed_gates: int, hints_spent: int, failures: Sequence[FailedSubmission]
) -> AttemptScore:
    pattern = _floor(1 - GATE_PENALTY * failed_gates)
    implementation = _floor(1 - FAILED_SUBMISSION_PENALTY * len(failures))
    edge_cases = _floor(1 - HIDDEN_FAILURE_PENALTY * sum(f.failed_hidden for f in failures))
    efficiency = _floor(1 - SLOW_PENALTY * sum(f.verdict in SLOW for f in failures))
    mean = (pattern + implementation + edge_cases + efficiency) / 4
    overall = _floor(mean * (1 - HINT_WEIGHT * min(hints_spent, HINT_BUDGET) / HINT_BUDGET))
    return AttemptScore(overall, pattern, implementation, edge_cases, efficiency)
