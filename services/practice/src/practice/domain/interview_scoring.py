"""Scoring an interview answer, deterministically, against what the question expects.

Three scores out of 100 (seed 002): completeness (how much of what the question expects
the answer covers), correctness (coverage and staying on the question's subject) and
communication (full sentences of readable length). What cannot game them: an empty
answer scores 0, an answer repeating an earlier one or the question itself scores
low, and a list of keywords without sentences loses most of its coverage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"[.!?;]+|\n+")
# Function words: prose has many, a keyword list has almost none.
_FUNCTION_WORDS = (
    "a an the and or but if then so because as of to in on at by for with from into over "
    "under about is are was were be been being it its this that these those i we you they "
    "he she my our your their me us them which who what when where why how not no do does "
    "did have has had can could would should will may might must than also each every all "
    "there here one while until after before"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
SUFFIXES = ("ingly", "ings", "ing", "ions", "ion", "ies", "ied", "ers", "er", "ed", "es", "ly")
MIN_SENTENCE_WORDS = 5
FULL_LENGTH_WORDS = 60  # an answer this long is long enough to be complete
REPEAT_SHARE = 0.6  # of the answer's words found in an earlier answer or in the question


def stem(word: str) -> str:
    """A crude stem, enough to match "collisions" with "collision" and "resized" with "resize"."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    if word.endswith(("s", "e")) and len(word) > 3:
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def content_stems(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in FUNCTION_WORDS}


@dataclass(frozen=True)
class Reference:
    """What an answer is judged against: the expected concepts and the question's own words."""

    concepts: tuple[str, ...]
    subject: str  # title, text, topics and hints: the vocabulary of the question
    question_text: str


@dataclass(frozen=True)
class Scores:
    completeness: int
    correctness: int
    communication: int

    @property
    def overall(self) -> float:
        return round((self.completeness + self.correctness + self.communication) / 3, 1)


@dataclass(frozen=True)
class Judgement:
    scores: Scores
    covered: tuple[str, ...]  # the expected concepts the answer names
    repeated: bool
    stuffed: bool


ZERO = Scores(0, 0, 0)


def _covers(concept: str, answer: set[str]) -> bool:
    needed = content_stems(concept)
    return bool(needed) and len(needed & answer) * 3 >= len(needed) * 2


def _borrowed(answer: set[str], other: set[str]) -> float:
    """The share of the answer's words taken from `other` (an earlier answer, the question)."""
    return len(answer & other) / len(answer) if answer else 0.0


def _prose_quality(text: str) -> tuple[float, float]:
    """(sentence quality, function-word share) of the answer, both 0..1."""
    sentences = [words(part) for part in SENTENCE_END.split(text)]
    sentences = [s for s in sentences if s]
    every = [w for s in sentences for w in s]
    if not every:
        return 0.0, 0.0
    full = [s for s in sentences if MIN_SENTENCE_WORDS <= len(s) <= 45]
    sentence_quality = sum(len(s) for s in full) / len(every)
    function_share = sum(w in FUNCTION_WORDS for w in every) / len(every)
    return sentence_quality, function_share


def judge(reference: Reference, answer: str, earlier: Sequence[str] = ()) -> Judgement:
    """The answer's scores; `earlier` are this interview's previous answers."""
    answer_stems = content_stems(answer)
    if not answer_stems:
        return Judgement(ZERO, (), repeated=False, stuffed=False)
    covered = tuple(c for c in reference.concepts if _covers(c, answer_stems))
    subject = content_stems(reference.subject)
    relevance = min(1.0, len(answer_stems & subject) / max(4.0, 0.35 * len(answer_stems)))
    coverage = len(covered) / len(reference.concepts) if reference.concepts else relevance
    length = min(1.0, len(words(answer)) / FULL_LENGTH_WORDS)
    sentence_quality, function_share = _prose_quality(answer)
    fluency = min(1.0, function_share / 0.3)
    stuffed = function_share < 0.12 or sentence_quality < 0.3
    repeated = any(
        _borrowed(answer_stems, content_stems(text)) >= REPEAT_SHARE
        for text in [*earlier, reference.question_text]
    )
    penalty = (0.4 if stuffed else 1.0) * (0.25 if repeated else 1.0)
    completeness = coverage * (0.5 + 0.5 * length) * penalty
    correctness = (0.7 * coverage + 0.3 * relevance) * penalty
    communication = (0.45 * sentence_quality + 0.35 * fluency + 0.2 * length) * min(
        1.0, 0.3 + relevance
    )
    if repeated:
        communication *= 0.5
    scores = Scores(*(round(100 * min(1.0, v)) for v in (completeness, correctness, communication)))
    return Judgement(scores, covered, repeated=repeated, stuffed=stuffed)


# ----- the interviewer's reply -----

POSITIVE_AT, NEUTRAL_AT = 70.0, 40.0
FOLLOW_UP_AT = 50.0


@dataclass(frozen=True)
class Reply:
    content: str
    sentiment: str  # positive, neutral, negative
    follow_up_question: str | None


def sentiment_of(overall: float) -> str:
    if overall >= POSITIVE_AT:
        return "positive"
    return "neutral" if overall >= NEUTRAL_AT else "negative"


def reply_to(
    judgement: Judgement, *, hints: Sequence[str], follow_ups: Sequence[str], position: int
) -> Reply:
    """What the interviewer says back: praise what was covered, nudge with a hint, dig deeper.

    The reply names only concepts the answer itself named: the expected ones stay hidden.
    """
    overall = judgement.scores.overall
    sentiment = sentiment_of(overall)
    parts: list[str] = []
    if judgement.repeated:
        parts.append("This repeats an earlier answer or the question; answer it in your own words.")
    elif judgement.stuffed:
        parts.append("Walk me through it in full sentences rather than a list of keywords.")
    elif sentiment == "positive":
        parts.append("Good answer: that is clear and covers the important points.")
    elif sentiment == "neutral":
        parts.append("That is a reasonable start, but some important parts are missing.")
    else:
        parts.append("That does not really answer the question yet.")
    if judgement.covered and not judgement.repeated:
        parts.append(f"You explained {', '.join(judgement.covered[:3])} well.")
    if sentiment != "positive" and hints:
        parts.append(f"A pointer: {hints[position % len(hints)]}")
    follow_up = None
    if overall >= FOLLOW_UP_AT and follow_ups and not judgement.repeated:
        follow_up = follow_ups[position % len(follow_ups)]
    return Reply(" ".join(parts), sentiment, follow_up)


def mean(values: Iterable[float]) -> float:
    known = list(values)
    return round(sum(known) / len(known), 1) if known else 0.0
