"""Scoring a debug-lab triage: category, severity, priority and the first actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluation.domain.scoring.references import TriageReference
from evaluation.domain.scoring.text import find_phrases

SEVERITY_ORDER = ("Low", "Minor", "Major", "Critical")
PRIORITY_ORDER = ("Low", "Medium", "High")
# What a good first move looks like, by defect category.
FIRST_ACTIONS = {
    "Functional": ("reproduce", "failing test", "unit test", "expected", "input"),
    "Concurrency": ("race", "lock", "interleaving", "reproduce", "thread", "ordering"),
    "Resource": ("leak", "handle", "close", "memory", "listener", "profile"),
    "Distributed": ("idempotency", "retry", "duplicate", "timeout", "trace"),
    "Heisenbug": ("reproduce", "seed", "order", "isolate", "flaky", "deterministic"),
    "Environment": ("config", "environment variable", "env", "default", "parse"),
    "Container": ("image", "container", "limits", "entrypoint", "volume"),
    "Performance": ("profile", "complexity", "quadratic", "benchmark", "hot path"),
    "Observability": ("log", "metric", "alert", "swallowed", "error handling", "trace"),
}


@dataclass(frozen=True)
class TriageScore:
    score: float  # 0-100
    category_correct: bool
    severity_distance: int
    priority_distance: int
    actions_matched: list[str]
    feedback: list[str]
    breakdown: dict[str, float]  # the points of each part: category, severity, priority, actions


def score_triage(*, item: TriageReference, answers: dict[str, Any]) -> TriageScore:
    category = item.defect_category
    category_ok = answers.get("category") == category
    severity_gap = _distance(SEVERITY_ORDER, item.severity, answers.get("severity"))
    priority_gap = _distance(PRIORITY_ORDER, item.priority, answers.get("priority"))
    actions = answers.get("first_actions") or ""
    actions_text = actions if isinstance(actions, str) else " ".join(map(str, actions))
    # The item's own expected actions when it names them, else what suits its category.
    expected = item.expected_first_actions or FIRST_ACTIONS.get(category, ())
    matched = find_phrases(actions_text, expected)
    breakdown = {
        "category": 40.0 if category_ok else 0.0,
        "severity": float(max(0, 20 - 10 * severity_gap)),
        "priority": float(max(0, 15 - 8 * priority_gap)),
        "actions": float(min(25, 10 * len(matched))),
    }
    score = sum(breakdown.values())
    feedback = [
        "Category is right." if category_ok else f"The symptoms point to a {category} defect.",
        "Severity is right." if severity_gap == 0 else f"Severity is {item.severity}.",
        "Priority is right." if priority_gap == 0 else f"Priority is {item.priority}.",
        ("Good first actions: " + ", ".join(matched))
        if matched
        else "Start by reproducing the failure and narrowing it down.",
    ]
    return TriageScore(score, category_ok, severity_gap, priority_gap, matched, feedback, breakdown)


def _distance(order: tuple[str, ...], expected: Any, given: Any) -> int:
    if expected not in order or given not in order:
        return len(order)
    return abs(order.index(expected) - order.index(given))
