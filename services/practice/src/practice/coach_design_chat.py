"""The coach's internal design-chat route: a 503 (504 for the deadline) when it fails, never a
500, and the learner's message is already stored by then."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from practice.coach_http import AnswerRecord, CoachHttp
from practice.services.design_chat import CoachAnswer, DesignQuestion

PATH = "/internal/v1/design-chat"


class _Requirement(BaseModel):
    number: int
    text: str
    components: list[str]


class _Answer(BaseModel):
    """The part of the coach's answer practice keeps."""

    content: str
    requirements: list[_Requirement]
    missing_requirements: list[int]
    components: list[str]
    answer: AnswerRecord


class HttpDesignCoach:
    def __init__(self, coach: CoachHttp) -> None:
        self._coach = coach

    async def answer(self, question: DesignQuestion, *, token: str) -> CoachAnswer:
        found = await self._coach.ask(PATH, _body(question), token=token, answer=_Answer)
        record = found.answer
        return CoachAnswer(
            content=found.content,
            provider=record.provider,
            model=record.model,
            prompt_version=record.prompt_version,
            latency_ms=record.latency_ms,
            input_tokens=record.input_tokens,
            output_tokens=record.output_tokens,
            grounding={
                "requirements": [r.model_dump() for r in found.requirements],
                "missing_requirements": found.missing_requirements,
                "components": found.components,
            },
        )


def _body(question: DesignQuestion) -> dict[str, Any]:
    return {
        "problem": {
            "title": question.title,
            "requirements": list(question.requirements),
            "constraints": list(question.constraints),
        },
        "diagram": {"components": list(question.components)},
        "history": [{"role": role, "content": content} for role, content in question.history],
        "message": question.message,
    }
