"""A provider over any chat-completions server, with retries, a breaker and a fallback.

A model that times out, errors or is switched off by the breaker never fails the request:
the fallback (the built-in provider) answers instead and says why.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time

import openai

from coach.domain.answers import Answer, Prompt
from coach.domain.feedback import feedback_type
from coach.providers.breaker import CircuitBreaker
from coach.providers.context import render_context
from coach.providers.prompts import template
from coach.services.ports import Provider

NAME = "openai"
log = logging.getLogger(__name__)
# Worth another try: the server may answer next time. Others (400, 401, 404) will not.
# A whole catalogue item as JSON needs more room than an answer; cut short, it falls back.
GENERATION_MAX_TOKENS = 2000
_RETRYABLE = (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)


class OpenAICompatibleProvider:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        *,
        model: str,
        fallback: Provider,
        breaker: CircuitBreaker,
        retries: int,
        backoff_seconds: float,
        max_tokens: int,
    ) -> None:
        self._client = client
        self._model = model
        self._fallback = fallback
        self._breaker = breaker
        self._retries = retries
        self._backoff = backoff_seconds
        self._max_tokens = max_tokens

    @property
    def name(self) -> str:
        return NAME

    @property
    def model(self) -> str:
        return self._model

    async def aclose(self) -> None:
        await self._client.close()

    async def answer(self, prompt: Prompt) -> Answer:
        if not self._breaker.allows():
            return await self._fall_back(prompt, "circuit open")
        started = time.perf_counter()
        try:
            completion = await self._complete(prompt)
        except openai.OpenAIError as exc:
            self._breaker.failed()
            # The class name only: messages can echo request details.
            log.warning("model call failed, falling back: %s", type(exc).__name__)
            return await self._fall_back(prompt, type(exc).__name__)
        self._breaker.succeeded()
        text = (completion.choices[0].message.content or "").strip() if completion.choices else ""
        if not text:
            return await self._fall_back(prompt, "empty answer")
        if prompt.generation is not None and not prompt.generation.accepts(text):
            return await self._fall_back(prompt, "invalid item")
        usage = completion.usage
        return Answer(
            text=text,
            provider=NAME,
            model=completion.model or self._model,
            prompt_version=template(prompt.purpose).version,
            latency_ms=(time.perf_counter() - started) * 1000,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            citations=prompt.passages,
        )

    async def _complete(self, prompt: Prompt) -> openai.types.chat.ChatCompletion:
        messages = _messages(prompt)
        room = self._max_tokens if prompt.generation is None else GENERATION_MAX_TOKENS
        for attempt in range(self._retries + 1):
            try:
                return await self._client.chat.completions.create(
                    model=self._model, messages=messages, max_tokens=room
                )
            except (*_RETRYABLE, openai.InternalServerError):
                if attempt == self._retries:
                    raise
                await asyncio.sleep(self._backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt raises")

    async def _fall_back(self, prompt: Prompt, reason: str) -> Answer:
        answer = await self._fallback.answer(prompt)
        return dataclasses.replace(answer, fallback_reason=reason)


def _messages(prompt: Prompt) -> list[openai.types.chat.ChatCompletionMessageParam]:
    system = template(prompt.purpose).text.format(
        subject=prompt.subject_name or "this subject",
        feedback_type=feedback_type(prompt.evidence) if prompt.evidence is not None else "",
    )
    messages: list[openai.types.chat.ChatCompletionMessageParam] = [
        {"role": "system", "content": system}
    ]
    for turn in prompt.history:
        if turn.role == "user":
            messages.append({"role": "user", "content": turn.content})
        else:
            messages.append({"role": "assistant", "content": turn.content})
    messages.append({"role": "user", "content": render_context(prompt)})
    return messages
