"""Pattern discovery (seed 001): yes/no questions about the problem's structure narrow the
13 patterns down to one. Each next question is the one that splits the patterns still in play
most evenly; among equal splits, one that bears on this problem's own pattern goes first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from contracts.catalogue.vocabulary import PATTERNS, Pattern

YES = frozenset({"yes", "y", "true", "yeah", "yep", "correct"})
NO = frozenset({"no", "n", "false", "nope", "not", "never", "isn't", "doesn't", "don't"})


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    yes: frozenset[Pattern]  # the patterns a "yes" keeps


def _q(id_: str, text: str, *yes: Pattern) -> Question:
    return Question(id_, text, frozenset(yes))


QUESTIONS: tuple[Question, ...] = (
    _q(
        "graph",
        "Is the input a graph, grid or tree whose connections you follow?",
        "BFS",
        "DFS",
        "UNION_FIND",
    ),
    _q("fewest_steps", "Does it ask for the fewest equal steps from one place to another?", "BFS"),
    _q(
        "merging_groups",
        "Do groups only ever merge, while you are asked whether two things are connected?",
        "UNION_FIND",
    ),
    _q(
        "prefixes",
        "Is it about many strings (or bit patterns) looked up by their prefixes?",
        "TRIE",
    ),
    _q(
        "ranges",
        "Is the input made of ranges with a start and an end that may overlap?",
        "INTERVAL_MERGING",
    ),
    _q(
        "every_combination", "Must you build or count every combination of choices?", "BACKTRACKING"
    ),
    _q(
        "smaller_versions",
        "Is the best answer built from best answers to smaller versions of the same question?",
        "DYNAMIC_PROGRAMMING",
    ),
    _q(
        "changing_extremes",
        "Do you repeatedly need the smallest or largest of a collection that keeps changing?",
        "HEAP",
    ),
    _q(
        "contiguous",
        "Is the answer about a contiguous stretch of the input (a subarray or substring)?",
        "SLIDING_WINDOW",
        "PREFIX_SUM",
    ),
    _q("range_totals", "Are totals over stretches asked for, possibly many times?", "PREFIX_SUM"),
    _q(
        "ordered",
        "Is the input sorted, or does the answer only grow as a parameter grows?",
        "TWO_POINTERS",
        "BINARY_SEARCH",
    ),
    _q(
        "checkable_guess",
        "Can you quickly check a guessed answer, knowing that if a guess works "
        "every larger one does too?",
        "BINARY_SEARCH",
    ),
    _q("safe_choice", "Is there a choice you can make now that is never worse later on?", "GREEDY"),
)
BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}


def parse_answer(text: str) -> bool | None:
    """Yes, no, or None when the answer says neither."""
    words = set(text.lower().replace(",", " ").replace(".", " ").split())
    said_no, said_yes = bool(words & NO), bool(words & YES)
    return None if said_no == said_yes else said_yes


def narrowed(candidates: Sequence[str], question: Question, yes: bool) -> list[str]:
    """The candidates an answer keeps; an answer that would rule out all of them keeps them."""
    kept = [p for p in candidates if (p in question.yes) == yes]
    return kept or list(candidates)


def next_question(
    candidates: Sequence[str], asked: Sequence[str], pattern: Pattern | None
) -> Question | None:
    """The unasked question that splits the candidates most evenly, or None when none splits."""

    def balance(q: Question) -> tuple[int, bool, str]:
        yes = sum(p in q.yes for p in candidates)
        return abs(2 * yes - len(candidates)), pattern not in q.yes, q.id

    useful = [
        q
        for q in QUESTIONS
        if q.id not in asked and 0 < sum(p in q.yes for p in candidates) < len(candidates)
    ]
    return min(useful, key=balance) if useful else None


def start() -> list[str]:
    return list(PATTERNS)
