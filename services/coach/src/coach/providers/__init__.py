"""Who writes the coach's answers: the built-in provider, or a chat-completions model."""

from __future__ import annotations

import openai

from coach.config import Settings
from coach.providers.breaker import CircuitBreaker
from coach.providers.builtin import BuiltinProvider
from coach.providers.openai_compatible import OpenAICompatibleProvider
from coach.services.ports import Provider

BUILTIN_FALLBACK_MODEL = "whetstone-coach-builtin-1"


def configured_provider(settings: Settings) -> Provider:
    """The provider the settings ask for; its client connects on first use (see `close`)."""
    if settings.llm_provider == "builtin":
        return BuiltinProvider(settings.llm_model)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unused"
    client = openai.AsyncOpenAI(
        base_url=settings.llm_base_url,
        api_key=key,
        timeout=settings.llm_timeout_seconds,
        max_retries=0,  # the provider retries itself, so the breaker counts each failure once
    )
    return OpenAICompatibleProvider(
        client,
        model=settings.llm_model,
        fallback=BuiltinProvider(BUILTIN_FALLBACK_MODEL),
        breaker=CircuitBreaker(
            failures=settings.llm_breaker_failures,
            cooldown_seconds=settings.llm_breaker_cooldown_seconds,
        ),
        retries=settings.llm_retries,
        backoff_seconds=settings.llm_backoff_seconds,
        max_tokens=settings.llm_max_tokens,
    )


async def close(provider: Provider) -> None:
    if isinstance(provider, OpenAICompatibleProvider):
        await provider.aclose()
