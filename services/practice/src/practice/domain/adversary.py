"""The adversary (seed 001): after a solved problem, a constraint that breaks the easy answer."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from contracts.catalogue import CodingProblem
from contracts.catalogue.vocabulary import Pattern

STREAM = "The input no longer fits in memory: it arrives as a stream you can read only once."
DUPLICATES = "The input may now contain many duplicates, and each answer must count them once."
MANY_QUERIES = "The question must now be answered k times, for k different parameters, fast."
UNSORTED = "The input is no longer sorted, and sorting it first is too slow."
NEGATIVE = "Values may now be negative (or zero)."
WEIGHTED = "Moves now cost different amounts: an edge or step has a weight."
UPDATES = "The data now changes between questions: items are added and removed."
# Mutations that bite each pattern's usual assumptions, most telling first.
MUTATIONS: Mapping[Pattern, tuple[str, ...]] = {
    "SLIDING_WINDOW": (NEGATIVE, STREAM, MANY_QUERIES),
    "TWO_POINTERS": (UNSORTED, DUPLICATES, STREAM),
    "PREFIX_SUM": (UPDATES, NEGATIVE, STREAM),
    "BINARY_SEARCH": (UNSORTED, DUPLICATES, MANY_QUERIES),
    "BFS": (WEIGHTED, MANY_QUERIES, STREAM),
    "DFS": (STREAM, UPDATES, MANY_QUERIES),
    "DYNAMIC_PROGRAMMING": (STREAM, MANY_QUERIES, NEGATIVE),
    "BACKTRACKING": (DUPLICATES, MANY_QUERIES, NEGATIVE),
    "GREEDY": (NEGATIVE, UPDATES, STREAM),
    "HEAP": (UPDATES, DUPLICATES, STREAM),
    "TRIE": (UPDATES, STREAM, MANY_QUERIES),
    "UNION_FIND": (UPDATES, MANY_QUERIES, WEIGHTED),
    "INTERVAL_MERGING": (STREAM, UPDATES, DUPLICATES),
}
GENERIC = (STREAM, DUPLICATES, MANY_QUERIES)


def adversary_prompt(problem: CodingProblem) -> str:
    """One mutation for the problem, the same every time for the same problem."""
    mutations = MUTATIONS[problem.pattern] if problem.pattern else GENERIC
    index = int(hashlib.sha256(problem.id.encode()).hexdigest(), 16) % len(mutations)
    approach = problem.pattern.replace("_", " ").lower() if problem.pattern else "your"
    return (
        f"{problem.title}, changed: {mutations[index]} Does your {approach} approach still "
        "hold? Say what breaks, what you would change, and the complexity you would reach."
    )
