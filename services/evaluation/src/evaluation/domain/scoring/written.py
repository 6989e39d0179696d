"""Scoring a written answer to an engineering-thinking task on the five dimensions.

Each dimension is 0-10, computed from evidence found in the text (never from
length alone), and explained by that evidence so a learner can see why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluation.domain.scoring.text import (
    clamp,
    find_any,
    find_phrases,
    list_items,
    quantities,
    sentences,
    words,
)

DIMENSIONS = (
    "clarity",
    "constraints_awareness",
    "trade_off_reasoning",
    "failure_anticipation",
    "simplicity",
)
TRADE_OFF_MARKERS = (
    "trade-off",
    "tradeoff",
    "trade off",
    "at the cost of",
    "in exchange for",
    "versus",
    "vs",
    "instead of",
    "rather than",
    "on the other hand",
    "the downside",
    "the cost is",
    "but",
    "however",
    "whereas",
    "we give up",
    "compared to",
    "cheaper",
    "slower",
    "faster",
)
ASSUMPTION_MARKERS = (
    "assume",
    "assuming",
    "expect",
    "estimate",
    "given that",
    "if",
    "unknown",
    "need to confirm",
    "budget",
    "limit",
    "at most",
    "at least",
    "peak",
)
FAILURE_IDEAS = {
    "timeouts": ("timeout", "timeouts", "time out", "deadline"),
    "retries": ("retry", "retries", "backoff", "exponential backoff"),
    "idempotency": ("idempotent", "idempotency", "deduplicate", "dedupe", "exactly once"),
    "overload": (
        "backpressure",
        "rate limit",
        "load shedding",
        "overload",
        "queue depth",
        "throttle",
    ),
    "partial failure": (
        "partial failure",
        "network partition",
        "partition",
        "split brain",
        "node fails",
        "crash",
        "outage",
        "goes down",
    ),
    "data loss": (
        "data loss",
        "corrupt",
        "corruption",
        "backup",
        "restore",
        "replica",
        "replication",
    ),
    "fallback": (
        "fallback",
        "degrade",
        "graceful degradation",
        "circuit breaker",
        "failover",
        "cached copy",
        "stale",
    ),
    "detection": (
        "monitor",
        "monitoring",
        "alert",
        "alerting",
        "metric",
        "metrics",
        "dashboard",
        "health check",
        "slo",
        "log",
        "tracing",
    ),
    "rollback": ("rollback", "roll back", "feature flag", "canary", "kill switch"),
}
SIMPLICITY_GOOD = (
    "simple",
    "simplest",
    "start with",
    "single",
    "one",
    "avoid",
    "defer",
    "later if needed",
    "good enough",
    "boring",
    "minimal",
    "yagni",
    "first version",
)
COMPLEXITY_WORDS = (
    "microservice",
    "microservices",
    "kubernetes",
    "blockchain",
    "service mesh",
    "event sourcing",
    "cqrs",
    "machine learning",
    "sharding",
    "multi-region",
    "graphql",
    "kafka",
    "serverless",
)


@dataclass(frozen=True)
class Dimension:
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WrittenScore:
    score: float
    breakdown: dict[str, float]
    evidence: dict[str, list[str]]
    concepts_found: list[str]
    concepts_missing: list[str]


def score_written_answer(
    *,
    assumptions: str,
    architecture: str,
    trade_offs: str,
    failure_scenarios: str,
    expected_concepts: list[str],
) -> WrittenScore:
    parts = {
        "assumptions": assumptions,
        "architecture": architecture,
        "trade_offs": trade_offs,
        "failure_scenarios": failure_scenarios,
    }
    everything = "\n".join(parts.values())
    found = find_phrases(everything, expected_concepts)
    dimensions = {
        "clarity": _clarity(parts),
        "constraints_awareness": _constraints(assumptions, everything, found, expected_concepts),
        "trade_off_reasoning": _trade_offs(trade_offs, architecture),
        "failure_anticipation": _failures(failure_scenarios),
        "simplicity": _simplicity(architecture, everything),
    }
    breakdown = {name: d.score for name, d in dimensions.items()}
    return WrittenScore(
        score=round(sum(breakdown.values()) / len(breakdown), 1),
        breakdown=breakdown,
        evidence={name: d.evidence for name, d in dimensions.items()},
        concepts_found=found,
        concepts_missing=[c for c in expected_concepts if c not in found],
    )


def _clarity(parts: dict[str, str]) -> Dimension:
    evidence, score = [], 0.0
    answered = [name for name, text in parts.items() if len(words(text)) >= 15]
    score += 1.5 * len(answered)
    evidence.append(
        f"{len(answered)} of 4 parts answered in substance ({', '.join(answered)})"
        if answered
        else "no part is answered in substance"
    )
    all_sentences = [s for text in parts.values() for s in sentences(text)]
    if all_sentences:
        average = sum(len(words(s)) for s in all_sentences) / len(all_sentences)
        if 8 <= average <= 25:
            score += 2
            evidence.append(f"sentences average {average:.0f} words: easy to follow")
        else:
            evidence.append(
                f"sentences average {average:.0f} words: "
                + ("too terse" if average < 8 else "hard to follow")
            )
    structured = sum(list_items(text) for text in parts.values())
    if structured >= 3:
        score += 2
        evidence.append(f"{structured} listed points give the answer structure")
    return Dimension(clamp(score), evidence)


def _constraints(
    assumptions: str, everything: str, found: list[str], expected: list[str]
) -> Dimension:
    evidence, score = [], 0.0
    sized = quantities(everything)
    if sized:
        score += min(4.0, 1.0 * len(set(sized)))
        evidence.append("sized with numbers: " + ", ".join(sorted(set(sized))[:6]))
    stated = find_phrases(assumptions, ASSUMPTION_MARKERS)
    if stated:
        score += min(3.0, 1.0 * len(stated))
        evidence.append("states assumptions: " + ", ".join(stated[:5]))
    if expected:
        score += 3.0 * len(found) / len(expected)
        evidence.append(
            f"names {len(found)} of {len(expected)} key concepts"
            + (f": {', '.join(found[:6])}" if found else "")
        )
    if not evidence:
        evidence.append("no numbers, limits or explicit assumptions")
    return Dimension(clamp(score), evidence)


def _trade_offs(trade_offs: str, architecture: str) -> Dimension:
    evidence, score = [], 0.0
    markers = find_phrases(trade_offs, TRADE_OFF_MARKERS)
    score += min(5.0, 1.25 * len(markers))
    if markers:
        evidence.append("weighs options: " + ", ".join(markers[:6]))
    reasons = find_phrases(
        trade_offs, ("because", "so that", "which means", "therefore", "since", "so we")
    )
    if reasons:
        score += min(3.0, 1.5 * len(reasons))
        evidence.append("gives reasons: " + ", ".join(reasons))
    if len(sentences(trade_offs)) >= 3:
        score += 2
        evidence.append(f"{len(sentences(trade_offs))} sentences on trade-offs")
    if not evidence:
        evidence.append("no alternative is weighed against another")
    return Dimension(clamp(score), evidence)


def _failures(failure_scenarios: str) -> Dimension:
    ideas = find_any(failure_scenarios, FAILURE_IDEAS)
    scenarios = max(list_items(failure_scenarios), len(sentences(failure_scenarios)))
    score = 1.4 * len(ideas) + min(3.0, 0.75 * scenarios)
    evidence = [f"covers {m.phrase} ({m.found})" for m in ideas] or ["no failure is anticipated"]
    evidence.append(f"{scenarios} scenario(s) described")
    return Dimension(clamp(score), evidence)


def _simplicity(architecture: str, everything: str) -> Dimension:
    good = find_phrases(everything, SIMPLICITY_GOOD)
    heavy = find_phrases(architecture, COMPLEXITY_WORDS)
    length = len(words(architecture))
    score = 6.0 + min(3.0, 1.0 * len(good)) - 1.0 * max(0, len(heavy) - 2)
    evidence = []
    if good:
        evidence.append("keeps it simple: " + ", ".join(good[:5]))
    if heavy:
        evidence.append("heavy machinery named: " + ", ".join(heavy))
    if length < 20:
        score -= 4
        evidence.append("the architecture is barely described")
    elif length > 600:
        score -= 2
        evidence.append(f"the architecture takes {length} words: could be tighter")
    return Dimension(clamp(score), evidence or ["a plain design without extra machinery"])
