"""Skills per pattern and rung, from completed attempts; what to practise next.

A skill's score is the mean overall score of the learner's last RECENT completed
attempts at that pattern and rung. Once it reaches UNLOCK_SCORE the next rung of the
pattern is unlocked (rung 1 of every pattern always is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from contracts.catalogue.vocabulary import PATTERNS

UNLOCK_SCORE = 0.7
RECENT = 3
TOP_RUNG = 5


@dataclass(frozen=True)
class SkillView:
    pattern: str
    rung: int
    score: float
    attempts_count: int
    last_attempt_at: datetime
    unlocked_at: datetime | None  # when the score first reached UNLOCK_SCORE


@dataclass(frozen=True)
class Recommendation:
    pattern: str
    rung: int
    reason: str


def skill_score(scores_newest_first: Sequence[float]) -> float:
    recent = scores_newest_first[:RECENT]
    return round(sum(recent) / len(recent), 3) if recent else 0.0


def unlocked_rungs(skills: Sequence[SkillView]) -> list[tuple[str, int, float]]:
    """(pattern, rung, score of the rung below) for every rung above 1 the learner unlocked."""
    return [
        (s.pattern, s.rung + 1, s.score)
        for s in skills
        if s.unlocked_at is not None and s.rung < TOP_RUNG
    ]


def recommend(skills: Sequence[SkillView], due: Sequence[str] = ()) -> Recommendation:
    """Review a due pattern, else shore up the latest weak skill, else climb, else broaden."""
    if due:
        rung = max((s.rung for s in skills if s.pattern == due[0]), default=1)
        return Recommendation(due[0], rung, "due for review")
    weak = [s for s in skills if s.score < UNLOCK_SCORE]
    if weak:
        latest = max(weak, key=lambda s: s.last_attempt_at)
        return Recommendation(
            latest.pattern, latest.rung, f"Practise {latest.pattern} rung {latest.rung} again"
        )
    tried = {(s.pattern, s.rung) for s in skills}
    for pattern, rung, _ in sorted(unlocked_rungs(skills), key=lambda u: u[1]):
        if (pattern, rung) not in tried:
            return Recommendation(pattern, rung, f"Next problem in {pattern} pattern progression")
    seen = {s.pattern for s in skills}
    fresh = next((p for p in PATTERNS if p not in seen), None)
    if fresh is not None:
        return Recommendation(fresh, 1, "Expand your pattern repertoire")
    top = max(skills, key=lambda s: (s.rung, s.score))
    return Recommendation(top.pattern, top.rung, f"Keep {top.pattern} sharp")
