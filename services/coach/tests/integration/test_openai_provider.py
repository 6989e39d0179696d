"""The OpenAI-compatible provider against a local server speaking the chat-completions protocol."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from coach import providers
from coach.config import Settings
from coach.domain.answers import Passage, Prompt
from coach.domain.design import DesignContext, ground
from coach.domain.evidence import Evidence, FailingTest
from coach.domain.gate_review import GateReview
from coach.domain.generation import GenerationSpec, parse_draft
from coach.domain.interview import InterviewTurn, KeyPoint, Persona, TurnScores
from coach.providers.composer import compose
from coach.services.gate_review import review_gate
from coach.services.interview_turn import reply_to_answer
from coach.services.ports import Provider

pytestmark = pytest.mark.integration

SECRET = "sk-test-never-logged-1234"
EVIDENCE = Evidence(
    kind="code",
    verdict="wrong_answer",
    passed=False,
    tests_passed=1,
    tests_total=2,
    failing_test=FailingTest(
        number=2, input="[2, 7]", expected="9", actual="14", verdict="wrong_answer"
    ),
)
PROMPT = Prompt(
    purpose="feedback",
    evidence=EVIDENCE,
    passages=(Passage("g#0", "guide", "s1", "Sums", "Add the two numbers."),),
)


@dataclass
class ModelServer:
    """What the fake model answers next, and every request it got."""

    mode: str = "ok"  # ok | error | slow
    content: str = "Trace test 2 by hand [1]."  # what the model says
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""

    async def completions(self, request: Request) -> JSONResponse:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if self.mode == "error":
            return JSONResponse({"error": {"message": "overloaded", "type": "server_error"}}, 500)
        if self.mode == "slow":
            await asyncio.sleep(1.5)
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": "tiny-model-2",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49},
            }
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
async def model_server() -> AsyncIterator[ModelServer]:
    state = ModelServer()
    app = Starlette(routes=[Route("/v1/chat/completions", state.completions, methods=["POST"])])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    state.url = f"http://127.0.0.1:{port}/v1"
    yield state
    server.should_exit = True
    await task


def _provider(url: str, **overrides: Any) -> Provider:
    options: dict[str, Any] = {
        "llm_provider": "openai",
        "llm_base_url": url,
        "llm_api_key": SecretStr(SECRET),
        "llm_model": "tiny-model",
        "llm_timeout_seconds": 0.5,
        "llm_retries": 2,
        "llm_backoff_seconds": 0.01,
    }
    settings = Settings(**{**options, **overrides})
    return providers.configured_provider(settings)


async def test_an_answer_records_the_model_prompt_and_tokens(model_server: ModelServer) -> None:
    provider = _provider(model_server.url)
    assert (provider.name, provider.model) == ("openai", "tiny-model")  # what /system/info says
    answer = await provider.answer(PROMPT)
    assert answer.text == "Trace test 2 by hand [1]."
    assert (answer.provider, answer.model, answer.prompt_version) == (
        "openai",
        "tiny-model-2",
        "feedback.v1",
    )
    assert (answer.input_tokens, answer.output_tokens) == (42, 7)
    assert answer.fallback_reason is None
    assert answer.latency_ms > 0
    sent = model_server.requests[0]
    assert sent["model"] == "tiny-model"
    assert sent["messages"][0]["role"] == "system"
    assert "hint feedback" in sent["messages"][0]["content"]  # the versioned prompt file
    assert (
        "input `[2, 7]`, expected `9`, your code returned `14`" in sent["messages"][-1]["content"]
    )
    assert model_server.headers[0]["authorization"] == f"Bearer {SECRET}"
    await providers.close(provider)


async def test_server_errors_are_retried_then_the_builtin_provider_answers(
    model_server: ModelServer,
) -> None:
    model_server.mode = "error"
    provider = _provider(model_server.url)
    answer = await provider.answer(PROMPT)
    assert len(model_server.requests) == 3  # the first try and two retries
    assert answer.provider == "builtin"
    assert answer.fallback_reason == "InternalServerError"
    assert "your code returned `14`" in answer.text
    await providers.close(provider)


async def test_a_slow_answer_times_out_and_falls_back(model_server: ModelServer) -> None:
    model_server.mode = "slow"
    provider = _provider(model_server.url, llm_retries=0)
    answer = await provider.answer(PROMPT)
    assert answer.provider == "builtin"
    assert answer.fallback_reason == "APITimeoutError"
    await providers.close(provider)


async def test_an_outage_falls_back_without_failing(model_server: ModelServer) -> None:
    provider = _provider(f"http://127.0.0.1:{_free_port()}/v1", llm_retries=1)
    answer = await provider.answer(PROMPT)
    assert answer.provider == "builtin"
    assert answer.fallback_reason == "APIConnectionError"
    await providers.close(provider)


async def test_the_breaker_opens_after_repeated_failures_and_stops_calling(
    model_server: ModelServer, caplog: pytest.LogCaptureFixture
) -> None:
    model_server.mode = "error"
    provider = _provider(model_server.url, llm_retries=0, llm_breaker_failures=2)
    caplog.set_level(logging.DEBUG)
    for _ in range(2):
        await provider.answer(PROMPT)
    model_server.mode = "ok"
    answer = await provider.answer(PROMPT)
    assert len(model_server.requests) == 2, "an open breaker makes no call"
    assert answer.fallback_reason == "circuit open"
    assert SECRET not in caplog.text
    await providers.close(provider)


GENERATE = Prompt(
    purpose="generation", generation=GenerationSpec("drill", drill_type="rank_failures")
)


async def test_a_models_generated_item_is_used_when_it_is_valid(model_server: ModelServer) -> None:
    written = {
        **compose(GenerationSpec("drill", drill_type="rank_failures")),
        "title": "Model's own",
    }
    model_server.content = "```json\n" + json.dumps(written) + "\n```"
    provider = _provider(model_server.url)
    answer = await provider.answer(GENERATE)
    assert (answer.provider, answer.prompt_version) == ("openai", "generation.v1")
    assert parse_draft(answer.text, GENERATE.generation).title == "Model's own"  # type: ignore[arg-type]
    system = model_server.requests[0]["messages"][0]["content"]
    assert '"correct_answer"' in system  # the versioned generation prompt, braces intact
    assert "rank_failures" in model_server.requests[0]["messages"][-1]["content"]
    assert model_server.requests[0]["max_tokens"] == 2000  # room for a whole item
    await providers.close(provider)


async def test_a_generated_answer_that_is_not_a_valid_item_falls_back(
    model_server: ModelServer,
) -> None:
    model_server.content = '{"title": "Half a drill"}'
    provider = _provider(model_server.url)
    answer = await provider.answer(GENERATE)
    assert (answer.provider, answer.fallback_reason) == ("builtin", "invalid item")
    assert parse_draft(answer.text, GENERATE.generation).drill_type == "rank_failures"  # type: ignore[arg-type]
    await providers.close(provider)


async def test_a_design_question_sends_the_findings_and_falls_back_to_the_builtin_design(
    model_server: ModelServer,
) -> None:
    context = DesignContext(
        title="URL shortener",
        requirements=("Track click analytics for each short URL",),
        constraints=(),
        components=("API servers",),
    )
    prompt = Prompt(purpose="design", message="Done?", design=ground(context, "Done?"))
    provider = _provider(model_server.url, llm_retries=0)
    answer = await provider.answer(prompt)
    assert answer.prompt_version == "design.v1"
    system, question = (
        model_server.requests[0]["messages"][0],
        model_server.requests[0]["messages"][-1],
    )
    assert "never hand over a design" in system["content"]
    assert (
        'Requirement 1, "Track click analytics for each short URL": no component'
        in (question["content"])
    )
    model_server.mode = "error"
    fallen = await provider.answer(prompt)
    assert (fallen.provider, fallen.fallback_reason) == ("builtin", "InternalServerError")
    assert "has no component in your diagram yet" in fallen.text
    await providers.close(provider)


GATE = GateReview(
    title="Pair within budget",
    statement="Given sorted prices and a budget, return the largest sum of two within it.",
    target_time="O(n)",
    selected_pattern="HEAP",
    stated_invariant="The heap keeps the cheapest prices seen so far, at most two of them.",
    stated_complexity="O(n log n)",
    passed=False,
    errors=("HEAP needs repeatedly taking the smallest or largest of a changing collection.",),
)


async def test_a_gate_review_keeps_the_models_concerns_but_none_naming_another_pattern(
    model_server: ModelServer,
) -> None:
    model_server.content = (
        "- Why would the heap need more than the two prices you compare?\n"
        "- Two pointers over the sorted prices would avoid this.\n"
        "- What does your answer return when no pair fits?"
    )
    provider = _provider(model_server.url, llm_retries=0)
    reply = await review_gate(provider=provider, review=GATE)
    assert reply.warnings == (
        "Why would the heap need more than the two prices you compare?",
        "What does your answer return when no pair fits?",
    )
    assert (reply.answer.provider, reply.answer.prompt_version) == ("openai", "gate.v1")
    assert (reply.answer.input_tokens, reply.answer.output_tokens) == (42, 7)
    system, question = (
        model_server.requests[0]["messages"][0],
        model_server.requests[0]["messages"][-1],
    )
    assert "never name any pattern other than the learner's" in " ".join(system["content"].split())
    assert "The learner's invariant: \"The heap keeps" in question["content"]
    assert "The deterministic check failed." in question["content"]
    model_server.mode = "error"
    fallen = await review_gate(provider=provider, review=GATE)
    assert (fallen.answer.provider, fallen.answer.fallback_reason) == (
        "builtin",
        "InternalServerError",
    )
    assert fallen.warnings == ()
    await providers.close(provider)


async def test_an_interview_turn_sends_the_findings_and_falls_back_to_the_builtin_reply(
    model_server: ModelServer,
) -> None:
    turn = InterviewTurn(
        persona=Persona("Jordan", "direct", "12 years hiring for platform teams"),
        question="Explain how a hash map finds a key.",
        question_type="theory",
        difficulty="medium",
        key_points=(KeyPoint("hash function", True), KeyPoint("collision", False)),
        follow_ups=(),
        answer="The hash function picks the bucket for the key, so a lookup is one step.",
        scores=TurnScores(50, 55, 75),
    )
    model_server.content = "Jordan here: the bucket part is right. What about two equal hashes?"
    provider = _provider(model_server.url, llm_retries=0)
    reply = await reply_to_answer(provider=provider, turn=turn)
    assert (reply.answer.provider, reply.answer.prompt_version) == ("openai", "interview.v1")
    assert reply.answer.text == model_server.content
    assert (reply.answer.input_tokens, reply.answer.output_tokens) == (42, 7)
    assert reply.grounding.follow_up == "How does collision come into your answer?"
    system, question = (
        model_server.requests[0]["messages"][0],
        model_server.requests[0]["messages"][-1],
    )
    assert "The scores are final" in system["content"]
    assert (
        "Scores (final): completeness 50, correctness 55, communication 75." in question["content"]
    )
    assert 'Quote to use: "The hash function picks the bucket for the key' in question["content"]
    model_server.mode = "error"
    fallen = await reply_to_answer(provider=provider, turn=turn)
    assert (fallen.answer.provider, fallen.answer.fallback_reason) == (
        "builtin",
        "InternalServerError",
    )
    assert fallen.answer.text.startswith("Partly there.")
    await providers.close(provider)
