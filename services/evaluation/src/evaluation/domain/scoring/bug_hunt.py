"""Scoring a bug-hunt answer: the lines selected and the concepts the explanation names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from evaluation.domain.scoring.references import BugHuntReference
from evaluation.domain.scoring.text import find_phrases, words

Result = Literal["CORRECT", "PARTIAL", "INCORRECT"]


@dataclass(frozen=True)
class BugHuntScore:
    result: Result
    line_selection_correct: bool
    lines_found: int
    total_bug_lines: int
    concepts_matched: bool
    matched_concepts: list[str]
    total_concepts: int


def score_bug_hunt(
    *, item: BugHuntReference, selected_lines: list[int], explanation: str
) -> BugHuntScore:
    bug_lines = set(item.bug_lines)
    selected = set(selected_lines)
    found = len(bug_lines & selected)
    # A line next to the bug is not the bug; extra guesses cost exactness, not credit.
    exact = found == len(bug_lines) and len(selected - bug_lines) <= 1
    concepts = list(item.expected_concepts)
    matched = [c for c in concepts if _names_concept(explanation, c)]
    concepts_ok = bool(matched)
    if exact and concepts_ok:
        result: Result = "CORRECT"
    elif found or concepts_ok:
        result = "PARTIAL"
    else:
        result = "INCORRECT"
    return BugHuntScore(result, exact, found, len(bug_lines), concepts_ok, matched, len(concepts))


def _names_concept(explanation: str, concept: str) -> bool:
    """`off-by-one` is named by "off by one" or "off-by-one"; any of its words alone is not."""
    variants = {concept, concept.replace("-", " "), concept.replace("_", " ")}
    return bool(find_phrases(explanation, variants)) or (
        len(words(concept)) == 1 and concept.lower() in words(explanation)
    )
