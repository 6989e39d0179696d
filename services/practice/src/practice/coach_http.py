"""Asking the coach over HTTP, as the learner, within a deadline.

There is no service credential on the platform: practice forwards the learner's own access
token, which the coach verifies like any other. Whatever goes wrong on the way is
`CoachUnavailable` (`CoachTimeout` for the deadline), never an unhandled error; each adapter
decides what the learner sees then.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from practice.domain.errors import CoachTimeout, CoachUnavailable

logger = logging.getLogger(__name__)
AnswerT = TypeVar("AnswerT", bound=BaseModel)


class AnswerRecord(BaseModel):
    """What the coach records of how it answered (provider, model, prompt, cost)."""

    provider: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    latency_ms: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None


class CoachHttp:
    def __init__(self, http: httpx.AsyncClient, *, base_url: str, timeout_seconds: float) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout_seconds

    async def ask(
        self, path: str, body: dict[str, Any], *, token: str, answer: type[AnswerT]
    ) -> AnswerT:
        try:
            response = await self._http.post(
                self._base_url + path,
                json=body,
                headers={"Authorization": f"Bearer {token}"},
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise CoachTimeout() from exc
        except httpx.HTTPError as exc:
            logger.warning("coach unreachable at %s: %s", path, type(exc).__name__)
            raise CoachUnavailable("cannot be reached right now") from exc
        if response.status_code != 200:
            # The coach's own detail may concern the token or the request: log it, do not echo.
            logger.warning("coach refused %s: %s", path, response.status_code)
            raise CoachUnavailable("could not answer right now")
        try:
            return answer.model_validate_json(response.content)
        except ValidationError as exc:
            logger.warning("coach answered %s in an unexpected shape", path)
            raise CoachUnavailable("could not answer right now") from exc
