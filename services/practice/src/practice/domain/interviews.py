"""Mock interviews (seed 002): the state machine, the plan, question selection and adaptation.

Pure: the use cases hand in catalogue items and past scores, these rules pick and decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.catalogue import CodingProblem, Question
from practice.domain.errors import InvalidTransition


class InterviewMode(StrEnum):
    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"
    MIXED = "mixed"


class InterviewStatus(StrEnum):
    PENDING = "pending"  # created, no question asked yet
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class InterviewAction(StrEnum):
    ASK = "ask the next question of"
    ANSWER = "answer a question of"
    COMPLETE = "complete"


class QuestionStatus(StrEnum):
    PRESENTED = "presented"
    ANSWERED = "answered"
    SKIPPED = "skipped"  # the next question was asked before this one was answered


class QuestionKind(StrEnum):
    QUESTION = "question"  # from the question bank
    CODING_CHALLENGE = "coding_challenge"  # a coding problem, judged by evaluation


OPEN = frozenset({InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS})
_TRANSITIONS: dict[InterviewAction, tuple[frozenset[InterviewStatus], InterviewStatus | None]] = {
    InterviewAction.ASK: (OPEN, InterviewStatus.IN_PROGRESS),
    InterviewAction.ANSWER: (frozenset({InterviewStatus.IN_PROGRESS}), None),
    InterviewAction.COMPLETE: (OPEN, InterviewStatus.COMPLETED),
}

# The bank's question types each mode draws from, in the order the slots cycle through them.
TYPE_MIX: dict[InterviewMode, tuple[str, ...]] = {
    InterviewMode.TECHNICAL: ("theory", "coding", "system_design", "theory"),
    InterviewMode.BEHAVIORAL: ("behavioral",),
    InterviewMode.SYSTEM_DESIGN: ("system_design", "theory"),
    InterviewMode.MIXED: ("behavioral", "theory", "coding", "system_design"),
}
DIFFICULTIES = ("easy", "medium", "hard")
MINUTES_PER_QUESTION = 7.5  # seed 002: 45 minutes hold 6 questions
MIN_QUESTIONS, MAX_QUESTIONS = 2, 12
STEP_UP_AT, STEP_DOWN_BELOW = 75.0, 45.0  # mean overall of the recent answers


def after(status: str, action: InterviewAction) -> InterviewStatus:
    """The status `action` leads to, or InvalidTransition (409 INVALID_STATE)."""
    current = InterviewStatus(status)
    allowed, target = _TRANSITIONS[action]
    if current not in allowed:
        raise InvalidTransition("interview", action.value, current.value)
    return target or current


@dataclass(frozen=True)
class Persona:
    name: str
    personality: str
    experience: str


PERSONAS = (
    Persona("Alex", "professional", "10 years as an engineering manager"),
    Persona("Sam", "friendly", "8 years as a staff engineer"),
    Persona("Jordan", "direct", "12 years hiring for platform teams"),
)


def _stable(*parts: str) -> int:
    """A number that depends only on `parts`: the same interview always decides alike."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def persona_for(interview_id: str) -> Persona:
    return PERSONAS[_stable("persona", interview_id) % len(PERSONAS)]


def question_count(duration_minutes: int) -> int:
    """How many questions fit the duration (the coding challenge counts as one)."""
    count = round(duration_minutes / MINUTES_PER_QUESTION)
    return max(MIN_QUESTIONS, min(MAX_QUESTIONS, count))


def intro(name: str, job_type: str, questions: int, duration_minutes: int) -> str:
    return (
        f"Welcome! I'm {name}, your interviewer today. Let's begin your {job_type} "
        f"interview: {questions} questions in about {duration_minutes} minutes. Think aloud, "
        "explain your reasoning in full sentences, and ask when something is unclear."
    )


def expires_at(start: datetime, duration_minutes: int) -> datetime:
    return start + timedelta(minutes=duration_minutes)


def remaining_seconds(deadline: datetime, now: datetime) -> int:
    return max(0, int((deadline - now).total_seconds()))


def is_past(deadline: datetime, now: datetime) -> bool:
    return now >= deadline


def wanted_type(mode: str, slot: int) -> str:
    """The question type the slot (0-based) asks for, cycling through the mode's mix."""
    mix = TYPE_MIX[InterviewMode(mode)]
    return mix[slot % len(mix)]


def _words(text: str) -> set[str]:
    return {word for word in text.lower().replace("_", " ").replace("-", " ").split() if word}


def topic_matches(topics: Sequence[str], labels: Iterable[str]) -> int:
    """How many requested topics the item's labels name (as a phrase or word for word)."""
    names = [label.lower() for label in labels]
    words = set().union(*(_words(label) for label in names)) if names else set()
    return sum(
        1
        for topic in topics
        if topic.lower() in names or (_words(topic) and _words(topic) <= words)
    )


def _question_labels(question: Question) -> list[str]:
    return [*question.topics, question.category, question.type]


def pick_question(
    bank: Sequence[Question],
    *,
    interview_id: str,
    mode: str,
    slot: int,
    topics: Sequence[str],
    difficulty: str,
    asked: set[str],
) -> Question | None:
    """The best unasked question: the slot's type, then topics, then nearest difficulty.

    Questions of types outside the mode's mix are never chosen; ties are broken by a
    hash of the interview, so two interviews with the same settings differ.
    """
    mix = set(TYPE_MIX[InterviewMode(mode)])
    want, level = wanted_type(mode, slot), DIFFICULTIES.index(difficulty)
    candidates = [q for q in bank if q.id not in asked and q.type in mix]
    if not candidates:
        return None

    def rank(question: Question) -> tuple[int, int, int, int]:
        return (
            0 if question.type == want else 1,
            -topic_matches(topics, _question_labels(question)),
            abs(DIFFICULTIES.index(question.difficulty) - level),
            _stable(interview_id, question.id),
        )

    return min(candidates, key=rank)


def pick_coding_problem(
    problems: Sequence[CodingProblem], *, interview_id: str, topics: Sequence[str], difficulty: str
) -> CodingProblem | None:
    """The coding challenge: the requested difficulty first, then topics, then the hash."""
    level = DIFFICULTIES.index(difficulty)

    def rank(problem: CodingProblem) -> tuple[int, int, int]:
        labels = [label for label in (problem.category, problem.pattern) if label]
        return (
            abs(DIFFICULTIES.index(problem.difficulty) - level),
            -topic_matches(topics, labels),
            _stable(interview_id, problem.id),
        )

    return min(problems, key=rank, default=None)


def adapted_difficulty(current: str, recent_overall: Sequence[float]) -> str:
    """One step harder after strong answers, one step easier after weak ones."""
    if not recent_overall:
        return current
    mean = sum(recent_overall) / len(recent_overall)
    level = DIFFICULTIES.index(current)
    if mean >= STEP_UP_AT:
        level = min(level + 1, len(DIFFICULTIES) - 1)
    elif mean < STEP_DOWN_BELOW:
        level = max(level - 1, 0)
    return DIFFICULTIES[level]
