"""Small, explainable text measures the scorers share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+(?:[.'+#-][a-z0-9+#]+)*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NUMBER_WITH_UNIT = re.compile(
    r"\b\d[\d,.]*\s*(?:%|ms|s|sec|seconds|minutes|hours|days|k|m|b|kb|mb|gb|tb|pb|qps|rps|"
    r"tps|req/s|requests|users|rows|records|events|messages|x|nodes|servers|regions)\b",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]


def quantities(text: str) -> list[str]:
    """Numbers that carry a unit: evidence that the writer sized the problem."""
    return [m.group(0).strip() for m in _NUMBER_WITH_UNIT.finditer(text)]


def list_items(text: str) -> int:
    """Bullet or numbered lines, a sign of structure."""
    return sum(1 for line in text.splitlines() if re.match(r"\s*(?:[-*•]|\d+[.)])\s+\S", line))


@dataclass(frozen=True)
class Match:
    phrase: str
    found: str  # the synonym that was present


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """Which phrases occur in the text, matched on word boundaries, case-insensitively."""
    lowered = " " + " ".join(words(text)) + " "
    return [p for p in phrases if f" {' '.join(words(p))} " in lowered and words(p)]


def find_any(text: str, synonyms: Mapping[str, Iterable[str]]) -> list[Match]:
    """For each named idea, the first of its synonyms present in the text."""
    found = []
    for name, options in synonyms.items():
        hits = find_phrases(text, options)
        if hits:
            found.append(Match(name, hits[0]))
    return found


def clamp(value: float, low: float = 0.0, high: float = 10.0) -> float:
    return round(max(low, min(high, value)), 1)
