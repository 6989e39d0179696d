"""The coach's internal gate-review route, within a short deadline: a thinking gate waits for
it, so a slow coach costs the learner at most that long, and its failure is `CoachUnavailable`
(the gate then answers without it)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from pydantic import BaseModel, Field

from practice.coach_http import AnswerRecord, CoachHttp
from practice.domain.errors import CoachTimeout
from practice.services.gate_review import GateQuestion, GateReviewAnswer

PATH = "/internal/v1/gate-review"
MAX_WARNINGS = 5  # the coach sends at most 3; more is an answer out of shape
MAX_WARNING_CHARS = 400


class _Answer(BaseModel):
    warnings: list[Annotated[str, Field(min_length=1, max_length=MAX_WARNING_CHARS)]] = Field(
        max_length=MAX_WARNINGS
    )
    answer: AnswerRecord


class HttpGateReviewer:
    def __init__(self, coach: CoachHttp, *, deadline_seconds: float) -> None:
        self._coach = coach
        self._deadline = deadline_seconds

    async def review(self, question: GateQuestion, *, token: str) -> GateReviewAnswer:
        try:
            async with asyncio.timeout(self._deadline):  # httpx's timeout is per phase
                found = await self._coach.ask(PATH, _body(question), token=token, answer=_Answer)
        except TimeoutError as exc:
            raise CoachTimeout() from exc
        return GateReviewAnswer(warnings=tuple(found.warnings), provider=found.answer.provider)


def _body(question: GateQuestion) -> dict[str, Any]:
    answer = question.answer
    return {
        "problem": {
            "title": question.title,
            "statement": question.statement,
            "target_time": question.target_time,
        },
        "answer": {
            "selected_pattern": answer.selected_pattern,
            "stated_invariant": answer.stated_invariant,
            "stated_complexity": answer.stated_complexity,
        },
        "result": {"passed": question.passed, "errors": list(question.errors)},
    }
