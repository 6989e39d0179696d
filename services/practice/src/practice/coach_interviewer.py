"""The coach's internal interview-turn route as the interviewer's voice, within a short deadline.

Whatever goes wrong (refused, unreachable, late, out of shape) is `CoachUnavailable`, and the
use case keeps practice's own reply; the learner never waits longer than the deadline.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from pydantic import BaseModel, Field

from practice.coach_http import AnswerRecord, CoachHttp
from practice.domain.errors import CoachTimeout
from practice.domain.interview_scoring import Reply
from practice.services.interview_ports import InterviewTurn, VoicedReply

PATH = "/internal/v1/interview-turn"
MAX_REPLY_CHARS = 2000  # the coach's own bound, checked again: its answer is input here


class _TurnRecord(AnswerRecord):
    fallback_reason: str | None = None


class _Answer(BaseModel):
    reply: str = Field(min_length=1, max_length=MAX_REPLY_CHARS)
    sentiment: Literal["positive", "neutral", "negative"]
    follow_up: str | None = Field(default=None, max_length=20_000)
    answer: _TurnRecord


class CoachInterviewer:
    def __init__(self, coach: CoachHttp, *, deadline_seconds: float) -> None:
        self._coach = coach
        self._deadline = deadline_seconds

    async def reply(self, turn: InterviewTurn, *, token: str) -> VoicedReply:
        try:
            # httpx bounds each read, not the whole exchange: this bounds the exchange.
            async with asyncio.timeout(self._deadline):
                found = await self._coach.ask(PATH, _body(turn), token=token, answer=_Answer)
        except TimeoutError as exc:
            raise CoachTimeout() from exc
        return VoicedReply(
            reply=Reply(found.reply, found.sentiment, found.follow_up or None),
            record=found.answer.model_dump(),
        )


def _body(turn: InterviewTurn) -> dict[str, Any]:
    return {
        "interviewer": {
            "name": str(turn.persona.get("name", "Interviewer"))[:60],
            "personality": str(turn.persona.get("personality", "professional"))[:40],
            "experience": str(turn.persona.get("experience", ""))[:200],
        },
        "question": {
            "text": turn.question,
            "type": turn.question_type,
            "difficulty": turn.difficulty,
            "key_points": [{"text": text, "covered": covered} for text, covered in turn.key_points],
            "follow_ups": list(turn.follow_ups),
        },
        "answer_text": turn.answer,
        "scores": {
            "completeness": turn.scores.completeness,
            "correctness": turn.scores.correctness,
            "communication": turn.scores.communication,
        },
        "notes": list(turn.notes),
    }
