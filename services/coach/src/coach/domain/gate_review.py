"""Reviewing a learner's thinking gate (seed 001): a model's concerns beside practice's verdict.

Practice's deterministic check decides pass or fail; the coach may only add concerns about the
learner's reasoning. It is never told the problem's pattern or invariant, so a model cannot
quote them, and a concern that names any pattern other than the learner's own is dropped: it
could be pointing at the answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_CONCERNS = 3  # the gate.v1 prompt asks for at most this many
MAX_CONCERN_CHARS = 300
NONE_MARKERS = frozenset({"none", "no concerns", "nothing", "n/a"})
# What a concern may call each pattern, lower case; matched at word boundaries.
PATTERN_NAMES: dict[str, tuple[str, ...]] = {
    "SLIDING_WINDOW": ("sliding window", "sliding_window"),
    "TWO_POINTERS": ("two pointers", "two pointer", "two_pointers", "two-pointer"),
    "PREFIX_SUM": ("prefix sum", "prefix sums", "prefix_sum", "cumulative sum"),
    "BINARY_SEARCH": ("binary search", "binary_search", "bisect"),
    "BFS": ("bfs", "breadth-first", "breadth first"),
    "DFS": ("dfs", "depth-first", "depth first"),
    "DYNAMIC_PROGRAMMING": ("dynamic programming", "dynamic_programming", "memoization", "dp"),
    "BACKTRACKING": ("backtracking", "backtrack"),
    "GREEDY": ("greedy",),
    "HEAP": ("heap", "priority queue"),
    "TRIE": ("trie", "prefix tree"),
    "UNION_FIND": ("union find", "union-find", "union_find", "disjoint set"),
    "INTERVAL_MERGING": ("interval merging", "interval_merging", "merge intervals"),
}
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


@dataclass(frozen=True)
class GateReview:
    """What the coach is told: the problem as the learner sees it, their answer, the verdict."""

    title: str
    statement: str
    target_time: str | None  # the problem's public time bound
    selected_pattern: str
    stated_invariant: str
    stated_complexity: str | None
    passed: bool
    errors: tuple[str, ...]  # practice's deterministic errors, which never quote the answer


def concerns(text: str, *, selected_pattern: str) -> tuple[str, ...]:
    """The model's concerns, bounded and cleaned; none that names another pattern."""
    found: list[str] = []
    for raw in _items(text):
        concern = " ".join(_BULLET.sub("", raw).split()).strip().strip('"')
        if not concern or concern.lower().rstrip(".") in NONE_MARKERS:
            continue
        if len(concern) > MAX_CONCERN_CHARS:
            concern = concern[: MAX_CONCERN_CHARS - 1].rstrip() + "…"
        if names_other_pattern(concern, selected_pattern) or concern in found:
            continue
        found.append(concern)
        if len(found) == MAX_CONCERNS:
            break
    return tuple(found)


def names_other_pattern(text: str, selected_pattern: str) -> bool:
    lowered = text.lower()
    return any(
        re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", lowered)
        for pattern, names in PATTERN_NAMES.items()
        if pattern != selected_pattern
        for name in names
    )


def _items(text: str) -> list[str]:
    """A JSON list of strings when the model wrote one (bare or fenced), else one per line."""
    stripped = text.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        parsed = json.loads(stripped)
    except ValueError:
        return text.splitlines()
    if isinstance(parsed, dict):
        parsed = parsed.get("concerns", [])
    if isinstance(parsed, list):
        return [item for item in parsed if isinstance(item, str)]
    return []
