"""Design-session chat on the built-in provider: grounded in the requirements and the diagram."""

from __future__ import annotations

from coach.domain.answers import Prompt
from coach.domain.design import DesignContext, ground
from coach.providers.builtin import BuiltinProvider
from coach.providers.context import render_context
from coach.services.design_chat import DesignReply, answer_design_question

REQUIREMENTS = (
    "Generate unique short URLs for any given long URL",
    "Redirect users from short URL to original URL with minimal latency",
    "Track click analytics for each short URL",
)
CONSTRAINTS = ("Redirects stay under 10 ms at p99 (a 100:1 read-to-write ratio)",)
DIAGRAM = ("Load balancer", "API servers", "Redis cache")


def context(components: tuple[str, ...] = DIAGRAM) -> DesignContext:
    return DesignContext(
        title="URL shortener",
        requirements=REQUIREMENTS,
        constraints=CONSTRAINTS,
        components=components,
    )


async def ask(message: str, components: tuple[str, ...] = DIAGRAM) -> DesignReply:
    return await answer_design_question(
        provider=BuiltinProvider("m"), context=context(components), message=message, history=()
    )


def test_a_requirement_is_met_by_a_component_sharing_its_concern() -> None:
    found = ground(context(), "Where do I start?")
    assert [(r.number, r.components) for r in found.covered] == [(2, ("Redis cache",))]
    assert [r.number for r in found.missing] == [1, 3]
    assert found.focus is not None
    assert found.focus.number == 1


async def test_the_answer_names_the_missing_requirement_and_the_diagrams_components() -> None:
    reply = await ask("What am I missing?")
    text = reply.answer.text
    assert f'Requirement 3 ("{REQUIREMENTS[2]}") has no component in your diagram yet.' in text
    assert "Your diagram has Load balancer, API servers, Redis cache." in text
    assert text.rstrip().endswith("?")
    assert reply.components_named == DIAGRAM
    assert 3 in [r.number for r in reply.grounding.cited]
    assert reply.answer.prompt_version == "design.v1"


async def test_the_answer_never_names_a_component_the_learner_did_not_draw() -> None:
    text = (await ask("What am I missing?")).answer.text.lower()
    for unseen in ("queue", "kafka", "stream", "warehouse", "counter", "hash"):
        assert unseen not in text


async def test_a_question_about_a_met_requirement_asks_about_the_component_behind_it() -> None:
    reply = await ask("How do I keep redirects fast?")
    assert reply.grounding.focus is not None
    assert reply.grounding.focus.number == 2
    assert f'Requirement 2 ("{REQUIREMENTS[1]}") rests on Redis cache.' in reply.answer.text
    assert "how does Redis cache still meet requirement 2" in reply.answer.text
    assert CONSTRAINTS[0] in reply.answer.text


async def test_an_empty_diagram_is_asked_where_the_first_requirement_starts() -> None:
    reply = await ask("Help?", components=())
    assert "Your diagram has no components yet." in reply.answer.text
    assert f'requirement 1 ("{REQUIREMENTS[0]}")' in reply.answer.text


async def test_a_request_for_the_whole_design_is_refused_and_guided() -> None:
    reply = await ask("Just give me the full solution")
    assert reply.refused
    assert reply.answer.text.startswith("I won't hand you a finished design")
    assert "Requirement 3" in reply.answer.text


def test_a_model_is_shown_the_diagram_against_every_requirement() -> None:
    prompt = Prompt(purpose="design", message="Why?", design=ground(context(), "Why?"))
    rendered = render_context(prompt)
    assert "The learner's diagram: Load balancer, API servers, Redis cache." in rendered
    assert f'Requirement 2, "{REQUIREMENTS[1]}": met by Redis cache.' in rendered
    assert f'Requirement 3, "{REQUIREMENTS[2]}": no component in the diagram.' in rendered
