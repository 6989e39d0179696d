"""The thinking gate (seed 001): deterministic, explainable checks of pattern and invariant.

The learner names a pattern and states the invariant their solution keeps. The pattern
must be the problem's or one of its accepted alternatives; the invariant must speak of
the concepts the problem's own invariant relies on. Errors teach (what the chosen
pattern needs, which concept is missing) and never quote the problem's answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from contracts.catalogue import CodingProblem
from contracts.catalogue.vocabulary import Pattern


@dataclass(frozen=True)
class Concept:
    name: str
    keywords: tuple[str, ...]  # lower-case stems: "shrink" matches "shrinks", "shrinking"


def _c(name: str, *keywords: str) -> Concept:
    return Concept(name, keywords)


# What an invariant of each pattern talks about.
CONCEPTS: Mapping[Pattern, tuple[Concept, ...]] = {
    "SLIDING_WINDOW": (
        _c("the window and what it holds", "window", "subarray", "substring", "segment", "range"),
        _c("when the window grows or shrinks", "shrink", "expand", "grow", "move left", "advance"),
        _c("the condition the window keeps", "valid", "at most", "at least", "exactly", "distinct"),
    ),
    "TWO_POINTERS": (
        _c("the two pointers", "pointer", "left", "right", "lo", "hi", "both ends"),
        _c("which pointer moves and why", "move", "advance", "discard", "skip", "inward"),
        _c("the sorted order it relies on", "sorted", "order", "smaller", "larger"),
    ),
    "PREFIX_SUM": (
        _c("the running totals", "prefix", "running", "cumulative", "sum", "total"),
        _c("how a range is a difference of totals", "difference", "subtract", "minus", "range"),
        _c("what was seen before", "seen", "count", "earlier", "before", "map"),
    ),
    "BINARY_SEARCH": (
        _c("the search range", "range", "interval", "lo", "hi", "bound"),
        _c("the monotone condition", "monoton", "feasible", "predicate", "condition", "sorted"),
        _c("halving the range", "half", "halv", "middle", "mid", "discard"),
    ),
    "BFS": (
        _c("the queue and its levels", "queue", "level", "layer", "frontier"),
        _c("visiting each node once", "visited", "seen", "once", "mark"),
        _c("distance in steps", "distance", "shortest", "fewest", "steps", "hops"),
    ),
    "DFS": (
        _c("exploring to the end of a path", "depth", "recurs", "stack", "path", "descend"),
        _c("visiting each node once", "visited", "seen", "once", "mark"),
        _c("what a subtree or component returns", "subtree", "component", "return", "child"),
    ),
    "DYNAMIC_PROGRAMMING": (
        _c("the subproblem a state stands for", "state", "subproblem", "dp[", "best", "table"),
        _c(
            "how a state is built from smaller ones",
            "recurrence",
            "previous",
            "transition",
            "combin",
            "depends",
        ),
        _c("the base case", "base", "empty", "zero", "initial"),
    ),
    "BACKTRACKING": (
        _c("the partial choice being built", "partial", "choice", "choose", "current", "path"),
        _c("undoing a choice", "undo", "backtrack", "remove", "pop", "revert"),
        _c("pruning what cannot succeed", "prune", "skip", "stop", "exceed", "duplicate"),
    ),
    "GREEDY": (
        _c("the local choice made each step", "choose", "pick", "take", "earliest", "largest"),
        _c("why it is never worse", "never worse", "exchange", "optimal", "safe", "best"),
        _c("the order items are considered in", "sort", "order", "deadline", "end"),
    ),
    "HEAP": (
        _c("what the heap keeps", "heap", "priority", "top", "smallest", "largest"),
        _c("its size or balance", "size", "balance", "half", "at most"),
        _c("what is pushed and popped", "push", "pop", "evict", "remove", "replace"),
    ),
    "TRIE": (
        _c("the tree of prefixes", "trie", "prefix", "node", "child"),
        _c("what a node records", "count", "end", "word", "mark", "terminal"),
        _c("walking one character at a time", "character", "char", "letter", "walk", "follow"),
    ),
    "UNION_FIND": (
        _c(
            "the sets and their representatives", "set", "root", "parent", "representative", "group"
        ),
        _c("merging two sets", "union", "merge", "join", "link", "connect"),
        _c("keeping the trees shallow", "path compression", "rank", "size", "compress", "find"),
    ),
    "INTERVAL_MERGING": (
        _c("the order of the intervals", "sort", "start", "order", "earliest"),
        _c("when two intervals overlap", "overlap", "intersect", "touch", "end"),
        _c("the interval being extended", "merge", "extend", "current", "last", "combine"),
    ),
}
# What a pattern needs of a problem: shown when the learner picked it for the wrong one.
NEEDS: Mapping[Pattern, str] = {
    "SLIDING_WINDOW": "a contiguous range whose validity changes predictably as it grows",
    "TWO_POINTERS": "an order (often sorted data) that lets one step discard a candidate",
    "PREFIX_SUM": "answers about ranges that are differences of running totals",
    "BINARY_SEARCH": "a monotone yes/no question over a sorted range of candidates",
    "BFS": "shortest paths counted in equal steps over a graph or grid",
    "DFS": "exploring whole paths, subtrees or connected regions",
    "DYNAMIC_PROGRAMMING": "overlapping subproblems whose best answers combine",
    "BACKTRACKING": "building every candidate choice by choice and undoing it",
    "GREEDY": "a local choice that is provably never worse than the alternatives",
    "HEAP": "repeatedly taking the smallest or largest of a changing collection",
    "TRIE": "many lookups by prefix of strings",
    "UNION_FIND": "sets that only merge, asked whether two things are connected",
    "INTERVAL_MERGING": "ranges that overlap and must be combined or compared in order",
}
MIN_INVARIANT_WORDS = 5


@dataclass(frozen=True)
class GateAnswer:
    selected_pattern: Pattern
    stated_invariant: str
    stated_complexity: str | None = None


@dataclass(frozen=True)
class GateValidation:
    passed: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    missing_concepts: tuple[str, ...] = field(default=())


def _mentions(text: str, concept: Concept) -> bool:
    """A keyword counts where a word starts with it ("lo" in "lo moves", not in "slow")."""
    return any(re.search(rf"(?<![a-z0-9]){re.escape(k)}", text) for k in concept.keywords)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9\[\]() ]", " ", text.lower()).split())


def required_concepts(problem: CodingProblem, pattern: Pattern) -> tuple[Concept, ...]:
    """The concepts of `pattern` the problem's own invariant relies on (all if it names none)."""
    concepts = CONCEPTS[pattern]
    invariant = _normal(problem.invariant or "")
    named = tuple(c for c in concepts if _mentions(invariant, c))
    return named or concepts


def check_gate(problem: CodingProblem, answer: GateAnswer) -> GateValidation:
    """PASS when the pattern fits and the invariant names every concept the problem relies on."""
    errors: list[str] = []
    warnings: list[str] = []
    fits = {problem.pattern, *problem.accepted_patterns} - {None}
    if fits and answer.selected_pattern not in fits:
        errors.append(
            f"{answer.selected_pattern} needs {NEEDS[answer.selected_pattern]}: does this "
            "problem have that? Look again at what the input guarantees and what is asked."
        )
    invariant = _normal(answer.stated_invariant)
    missing: tuple[Concept, ...] = ()
    if len(invariant.split()) < MIN_INVARIANT_WORDS:
        errors.append(
            f"State the invariant as a full sentence (at least {MIN_INVARIANT_WORDS} words): "
            "what stays true at every step of your loop or recursion?"
        )
    elif not errors:  # judged in the chosen pattern's terms once that pattern fits
        required = required_concepts(problem, answer.selected_pattern)
        missing = tuple(c for c in required if not _mentions(invariant, c))
        errors += [f"Your invariant does not say anything about {c.name}." for c in missing]
    target = problem.target_complexity.time if problem.target_complexity else None
    if answer.stated_complexity and target and _normal(answer.stated_complexity) != _normal(target):
        warnings.append(
            f"The problem aims for a different time bound than {answer.stated_complexity}."
        )
    return GateValidation(
        passed=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        missing_concepts=tuple(c.name for c in missing),
    )


def names_pattern(text: str, pattern: Pattern) -> bool:
    """True when `text` names `pattern` as written ("SLIDING_WINDOW") or said ("sliding window")."""
    spoken = pattern.lower().replace("_", "[ _-]")
    return re.search(rf"(?<![a-z0-9]){spoken}(?![a-z0-9])", text.lower()) is not None
