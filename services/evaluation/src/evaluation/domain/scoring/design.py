"""Scoring a system-design submission against the problem's rubric."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contracts.catalogue.parts import Rubric, RubricEntry
from evaluation.domain.scoring.text import find_phrases


@dataclass(frozen=True)
class DesignScore:
    score: float  # 0-100: components (up to 70) plus trade-offs (up to 30)
    components_score: float
    trade_offs_score: float
    components_covered: list[str]
    trade_offs_covered: list[str]
    strengths: list[str]
    improvements: list[str]
    missing_components: list[str]


def score_design(*, rubric: Rubric, description: str, diagram_labels: list[str]) -> DesignScore:
    """Weighted coverage of the rubric's components (70%) and trade-offs (30%)."""
    text = "\n".join([description, *diagram_labels])
    components, trade_offs = rubric.components, rubric.trade_offs
    covered_c = [c for c in components if _mentions(text, c)]
    covered_t = [t for t in trade_offs if _mentions(text, t)]
    components_score = 70 * _weighted(covered_c, components)
    trade_offs_score = 30 * _weighted(covered_t, trade_offs)
    score = components_score + trade_offs_score
    missing = [c for c in components if c not in covered_c]
    strengths = [f"Includes {c.name}: {c.why}".rstrip(": ") for c in covered_c]
    strengths += [f"Weighs {t.name}" for t in covered_t]
    improvements = [
        f"Consider {c.name}: {c.why}".rstrip(": ") for c in sorted(missing, key=lambda c: -c.weight)
    ]
    improvements += [
        f"Discuss the trade-off of {t.name}: {t.why}".rstrip(": ")
        for t in trade_offs
        if t not in covered_t
    ]
    return DesignScore(
        score=round(score, 1),
        components_score=round(components_score, 1),
        trade_offs_score=round(trade_offs_score, 1),
        components_covered=[c.name for c in covered_c],
        trade_offs_covered=[t.name for t in covered_t],
        strengths=strengths,
        improvements=improvements,
        missing_components=[c.name for c in missing],
    )


def _mentions(text: str, entry: RubricEntry) -> bool:
    return bool(find_phrases(text, [entry.name, *entry.keywords]))


def _weighted(covered: Sequence[RubricEntry], everything: Sequence[RubricEntry]) -> float:
    total = sum(e.weight for e in everything)
    return sum(e.weight for e in covered) / total if total else 0.0
