"""The coach over HTTP: its internal design-chat route, asked as the learner, with a deadline.

There is no service credential on the platform: practice forwards the learner's own access
token, which the coach verifies like any other. Whatever goes wrong on the way is a 503 (504
for the deadline), never a 500, and the learner's message is already stored by then.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from practice.domain.errors import CoachTimeout, CoachUnavailable
from practice.services.design_chat import CoachAnswer, DesignQuestion

logger = logging.getLogger(__name__)
PATH = "/internal/v1/design-chat"


class _Record(BaseModel):
    provider: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    latency_ms: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None


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
    answer: _Record


class HttpDesignCoach:
    def __init__(self, http: httpx.AsyncClient, *, base_url: str, timeout_seconds: float) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + PATH
        self._timeout = timeout_seconds

    async def answer(self, question: DesignQuestion, *, token: str) -> CoachAnswer:
        try:
            response = await self._http.post(
                self._url,
                json=_body(question),
                headers={"Authorization": f"Bearer {token}"},
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise CoachTimeout() from exc
        except httpx.HTTPError as exc:
            logger.warning("coach unreachable: %s", type(exc).__name__)
            raise CoachUnavailable("cannot be reached right now") from exc
        if response.status_code != 200:
            # The coach's own detail may concern the token or the request: log it, do not echo.
            logger.warning("coach refused design chat: %s", response.status_code)
            raise CoachUnavailable("could not answer right now")
        try:
            found = _Answer.model_validate_json(response.content)
        except ValidationError as exc:
            logger.warning("coach answered in an unexpected shape")
            raise CoachUnavailable("could not answer right now") from exc
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
