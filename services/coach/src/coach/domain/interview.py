"""A mock interview's turn (seed 002): what the interviewer says back to one answer.

Practice owns the interview and scores the answer deterministically; the coach only speaks.
What it says rests on practice's scores, on the key points practice found covered or missed,
and on the learner's own words (quoted briefly). It names at most one missed key point, as a
question, so the reply never reads as the model answer; it never changes a score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Sentiment = Literal["positive", "neutral", "negative"]
Note = Literal["repeated", "keywords_only"]  # practice's findings that cut the scores

# The tone follows the mean score, at the cut-offs practice's own replies use, so switching
# voices never changes the mood of a turn.
POSITIVE_AT, NEUTRAL_AT = 70.0, 40.0
FOLLOW_UP_AT = 50.0  # a follow-up digs deeper only into an answer worth digging into
PLAIN_AT = 50  # communication below this: ask for the answer in steps
QUOTE_CHARS = 120
MIN_QUOTE_WORDS = 3
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_STOPWORD_TEXT = (
    "a an the and or but if then so because as of to in on at by for with from into is are "
    "was were be it its this that these those i we you they my our your what when how which "
    "would will can do does not"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Persona:
    name: str
    personality: str  # professional, friendly, direct
    experience: str


@dataclass(frozen=True)
class KeyPoint:
    text: str
    covered: bool  # practice's finding: the answer names it


@dataclass(frozen=True)
class TurnScores:
    completeness: int
    correctness: int
    communication: int

    @property
    def overall(self) -> float:
        return (self.completeness + self.correctness + self.communication) / 3


@dataclass(frozen=True)
class InterviewTurn:
    """What practice tells the coach about one answer."""

    persona: Persona
    question: str
    question_type: str
    difficulty: str
    key_points: tuple[KeyPoint, ...]
    follow_ups: tuple[str, ...]  # the question bank's own follow-ups, in practice's order
    answer: str
    scores: TurnScores
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class TurnGrounding:
    """The facts a reply is made of: tone, the learner's words, what was covered and missed."""

    turn: InterviewTurn
    sentiment: Sentiment
    quote: str | None  # a short piece of the learner's answer, as they wrote it
    covered: tuple[str, ...]
    missed: tuple[str, ...]  # never all shown: only `pointer` is ever named
    pointer: str | None  # the one missed key point the reply may ask about
    follow_up: str | None

    @property
    def empty(self) -> bool:
        return not _words(self.turn.answer)


def sentiment_of(scores: TurnScores) -> Sentiment:
    overall = scores.overall
    if overall >= POSITIVE_AT:
        return "positive"
    return "neutral" if overall >= NEUTRAL_AT else "negative"


def ground_turn(turn: InterviewTurn) -> TurnGrounding:
    """Decide the reply's tone, quote, pointer and follow-up from practice's findings."""
    covered = tuple(p.text for p in turn.key_points if p.covered)
    missed = tuple(p.text for p in turn.key_points if not p.covered)
    repeated = "repeated" in turn.notes
    pointer = missed[0] if missed and not repeated and _words(turn.answer) else None
    follow_up = None
    if turn.scores.overall >= FOLLOW_UP_AT and not repeated:
        if pointer is not None:
            follow_up = f"How does {pointer} come into your answer?"
        elif turn.follow_ups:
            follow_up = turn.follow_ups[0]
    return TurnGrounding(
        turn=turn,
        sentiment=sentiment_of(turn.scores),
        quote=quote_from(turn.answer, covered or (turn.question,)),
        covered=covered,
        missed=missed,
        pointer=pointer,
        follow_up=follow_up,
    )


def quote_from(answer: str, about: tuple[str, ...]) -> str | None:
    """The sentence of the answer that says most about `about`, cut short at a word."""
    sentences = [s.strip() for s in _SENTENCE.split(answer) if len(_words(s)) >= MIN_QUOTE_WORDS]
    if not sentences:
        return None
    wanted = set().union(*(_words(text) for text in about))
    best = max(sentences, key=lambda s: len(_words(s) & wanted))  # the first among equals
    if len(best) <= QUOTE_CHARS:
        return best.rstrip(".;")
    cut = best[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}
