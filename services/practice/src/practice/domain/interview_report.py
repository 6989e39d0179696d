"""The completion report of an interview: dimension scores, words, recommendations, rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from practice.domain.interview_scoring import Scores, mean

STRONG_AT, WEAK_BELOW = 70.0, 50.0
MAX_RECOMMENDATIONS = 5


@dataclass(frozen=True)
class Outcome:
    """One presented question as the report sees it."""

    question_id: str
    title: str
    category: str
    type: str
    scores: Scores | None  # None: skipped or left unanswered
    tests: tuple[int, int] | None = None  # the coding challenge's (passed, total) once judged

    @property
    def overall(self) -> float:
        return self.scores.overall if self.scores else 0.0


@dataclass(frozen=True)
class Candidate:
    """A catalogue item the report may recommend."""

    item_id: str
    kind: str
    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Recommendation:
    item_id: str
    kind: str
    title: str
    reason: str


@dataclass(frozen=True)
class Dimensions:
    overall_score: float
    accuracy: float
    communication_score: float
    problem_solving_score: float


@dataclass(frozen=True)
class Report:
    dimensions: Dimensions
    summary: str
    strengths: tuple[str, ...]
    improvement_areas: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    percentile_rank: int


def dimensions(outcomes: Sequence[Outcome]) -> Dimensions:
    """Means over the presented questions; a skipped one counts as 0 everywhere."""
    if not outcomes:
        return Dimensions(0.0, 0.0, 0.0, 0.0)
    scored = [o.scores or Scores(0, 0, 0) for o in outcomes]
    accuracy = mean(s.correctness for s in scored)
    communication = mean(s.communication for s in scored)
    solving = [
        100 * o.tests[0] / o.tests[1] if o.tests and o.tests[1] else s.completeness
        for o, s in zip(outcomes, scored, strict=True)
        if o.type != "behavioral"
    ]
    problem_solving = mean(solving) if solving else mean(s.completeness for s in scored)
    overall = round(0.4 * accuracy + 0.3 * problem_solving + 0.3 * communication, 1)
    return Dimensions(overall, accuracy, communication, problem_solving)


@dataclass(frozen=True)
class Standing:
    """How many of the platform's other completed interviews scored below, level, in all."""

    below: int
    equal: int
    total: int


def percentile_rank(standing: Standing) -> int:
    """Share of the other completed interviews this one beats (ties count half); 100 if first."""
    if standing.total <= 0:
        return 100
    return round(100 * (standing.below + standing.equal / 2) / standing.total)


def _words_for(d: Dimensions, outcomes: Sequence[Outcome]) -> tuple[list[str], list[str]]:
    strengths, areas = [], []
    for name, value in (
        ("accuracy", d.accuracy),
        ("communication", d.communication_score),
        ("problem solving", d.problem_solving_score),
    ):
        if value >= STRONG_AT:
            strengths.append(f"Strong {name} ({value:.0f}/100)")
        elif value < WEAK_BELOW:
            areas.append(f"Work on {name} ({value:.0f}/100)")
    strengths += [
        f"Good answer on {o.category}: {o.title}" for o in outcomes if o.overall >= STRONG_AT
    ]
    skipped = sum(1 for o in outcomes if o.scores is None)
    if skipped:
        areas.append(f"{skipped} question(s) left unanswered: answer every question you are asked")
    areas += [
        f"Revisit {o.category}: {o.title}"
        for o in outcomes
        if o.scores is not None and o.overall < WEAK_BELOW
    ]
    return strengths, areas


def recommend(
    outcomes: Sequence[Outcome], candidates: Sequence[Candidate]
) -> tuple[Recommendation, ...]:
    """Catalogue items on the weakest categories first, never a question already asked."""
    asked = {o.question_id for o in outcomes}
    ordered = sorted(outcomes, key=lambda o: o.overall)
    found: dict[str, Recommendation] = {}
    for outcome in ordered:
        weak = outcome.overall < STRONG_AT
        for item in candidates:
            labels = {label.lower() for label in item.labels}
            taken = item.item_id in asked or item.item_id in found
            if taken or outcome.category.lower() not in labels:
                continue
            reason = (
                f"practise {outcome.category}, where your answer scored {outcome.overall:.0f}"
                if weak
                else f"go further in {outcome.category}"
            )
            found[item.item_id] = Recommendation(item.item_id, item.kind, item.title, reason)
            break
        if len(found) >= MAX_RECOMMENDATIONS:
            break
    return tuple(found.values())


def build_report(
    outcomes: Sequence[Outcome],
    d: Dimensions,
    *,
    candidates: Sequence[Candidate],
    standing: Standing,
) -> Report:
    """The report, given the dimensions and where they stand on the platform."""
    strengths, areas = _words_for(d, outcomes)
    answered = sum(1 for o in outcomes if o.scores is not None)
    summary = (
        f"You answered {answered} of {len(outcomes)} question(s) for an overall score of "
        f"{d.overall_score:.0f}/100: accuracy {d.accuracy:.0f}, communication "
        f"{d.communication_score:.0f}, problem solving {d.problem_solving_score:.0f}."
    )
    return Report(
        dimensions=d,
        summary=summary,
        strengths=tuple(strengths),
        improvement_areas=tuple(areas),
        recommendations=recommend(outcomes, candidates),
        percentile_rank=percentile_rank(standing),
    )
