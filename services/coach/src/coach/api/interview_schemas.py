"""Bodies of `POST /internal/v1/interview-turn`: practice's findings in, the reply out.

A module of its own beside `schemas.py`: only practice sends these, never a client.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.api.schemas import InternalAnswerRecord
from coach.domain.interview import (
    InterviewTurn,
    KeyPoint,
    Note,
    Persona,
    Sentiment,
    TurnScores,
)
from coach.services.interview_turn import MAX_REPLY_CHARS, TurnReply

Prose = Annotated[str, Field(min_length=1, max_length=20_000)]  # the catalogue's bound
Score = Annotated[int, Field(ge=0, le=100)]


class PersonaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60)
    personality: str = Field(min_length=1, max_length=40)
    experience: str = Field(default="", max_length=200)


class KeyPointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=200)
    covered: bool


class QuestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Prose
    type: str = Field(min_length=1, max_length=40)
    difficulty: Literal["easy", "medium", "hard"]
    key_points: list[KeyPointIn] = Field(default=[], max_length=50)
    follow_ups: list[Prose] = Field(default=[], max_length=20)


class ScoresIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    completeness: Score
    correctness: Score
    communication: Score


class InterviewTurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    interviewer: PersonaIn
    question: QuestionIn
    answer_text: str = Field(default="", max_length=20_000)
    scores: ScoresIn
    notes: list[Note] = Field(default=[], max_length=2)

    def turn(self) -> InterviewTurn:
        question = self.question
        return InterviewTurn(
            persona=Persona(**self.interviewer.model_dump()),
            question=question.text,
            question_type=question.type,
            difficulty=question.difficulty,
            key_points=tuple(KeyPoint(p.text, p.covered) for p in question.key_points),
            follow_ups=tuple(question.follow_ups),
            answer=self.answer_text,
            scores=TurnScores(**self.scores.model_dump()),
            notes=tuple(dict.fromkeys(self.notes)),
        )


class InterviewTurnOut(BaseModel):
    reply: str = Field(max_length=MAX_REPLY_CHARS)
    sentiment: Sentiment
    follow_up: str | None
    quote: str | None  # the learner's words the reply rests on
    answer: InternalAnswerRecord

    @classmethod
    def of(cls, reply: TurnReply) -> InterviewTurnOut:
        grounding = reply.grounding
        return cls(
            reply=reply.answer.text,
            sentiment=grounding.sentiment,
            follow_up=grounding.follow_up,
            quote=grounding.quote,
            answer=InternalAnswerRecord.model_validate(reply.answer, from_attributes=True),
        )
