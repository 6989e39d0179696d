"""A mock interview's turn (seed 002): practice keeps the interview and its scores, coach speaks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from coach.domain.answers import Answer, Prompt
from coach.domain.interview import InterviewTurn, TurnGrounding, ground_turn
from coach.services.ports import Provider

MAX_REPLY_CHARS = 2000  # a model may run long; the interviewer's reply is a few sentences


@dataclass(frozen=True)
class TurnReply:
    answer: Answer
    grounding: TurnGrounding


async def reply_to_answer(*, provider: Provider, turn: InterviewTurn) -> TurnReply:
    """The interviewer's words on one answer; tone and follow-up come from practice's findings."""
    grounding = ground_turn(turn)
    answer = await provider.answer(
        Prompt(purpose="interview", subject_name=turn.persona.name, interview=grounding)
    )
    if len(answer.text) > MAX_REPLY_CHARS:
        cut = answer.text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0]
        answer = dataclasses.replace(answer, text=cut + "…")
    return TurnReply(answer=answer, grounding=grounding)
