"""Thinking-gate review: a model's concerns are bounded, cleaned and never name another pattern."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.domain.answers import Answer, Prompt
from coach.domain.gate_review import MAX_CONCERN_CHARS, MAX_CONCERNS, GateReview, concerns
from coach.providers.builtin import BuiltinProvider
from coach.providers.context import render_context
from coach.providers.prompts import template
from coach.services.gate_review import review_gate

REVIEW = GateReview(
    title="Pair within budget",
    statement="Given sorted prices and a budget, return the largest sum of two prices within it.",
    target_time="O(n)",
    selected_pattern="TWO_POINTERS",
    stated_invariant="The left and right pointers bound every pair still worth checking.",
    stated_complexity="O(n log n)",
    passed=True,
    errors=(),
)


@dataclass
class ScriptedModel:
    """A model that says what it is told, and keeps the prompts it was given."""

    text: str
    name: str = "openai"
    model: str = "tiny-model"
    prompts: list[Prompt] = field(default_factory=list)

    async def answer(self, prompt: Prompt) -> Answer:
        self.prompts.append(prompt)
        return Answer(
            text=self.text,
            provider=self.name,
            model=self.model,
            prompt_version="gate.v1",
            latency_ms=3.0,
            input_tokens=50,
            output_tokens=20,
        )


async def test_the_builtin_provider_adds_no_warning_and_says_it_is_builtin() -> None:
    reply = await review_gate(provider=BuiltinProvider("m"), review=REVIEW)
    assert reply.warnings == ()
    assert (reply.answer.provider, reply.answer.prompt_version) == ("builtin", "gate.v1")


async def test_a_models_concerns_are_kept_one_per_line_without_bullets() -> None:
    model = ScriptedModel(
        "- Why is it O(n log n) when the prices come sorted?\n"
        "* What happens when no pair fits the budget?\n"
    )
    reply = await review_gate(provider=model, review=REVIEW)
    assert reply.warnings == (
        "Why is it O(n log n) when the prices come sorted?",
        "What happens when no pair fits the budget?",
    )
    assert (reply.answer.provider, reply.answer.model) == ("openai", "tiny-model")
    [prompt] = model.prompts
    assert (prompt.purpose, prompt.gate) == ("gate", REVIEW)


async def test_a_concern_naming_another_pattern_is_dropped_and_the_learners_own_is_kept() -> None:
    model = ScriptedModel(
        "1. A sliding window would be simpler here.\n"
        "2. Which of your two pointers moves when the sum is too large?\n"
        "3. Have you thought about binary search over the second price?\n"
        "4. Is a DP table needed?"
    )
    reply = await review_gate(provider=model, review=REVIEW)
    assert reply.warnings == ("Which of your two pointers moves when the sum is too large?",)


def test_none_and_blank_lines_are_no_concern() -> None:
    assert concerns("NONE", selected_pattern="HEAP") == ()
    assert concerns("\n  \n- none.\n", selected_pattern="HEAP") == ()
    assert concerns("[]", selected_pattern="HEAP") == ()


def test_a_json_answer_is_read_and_anything_but_strings_ignored() -> None:
    text = '```json\n{"concerns": ["Is the heap ever larger than k?", 7, null]}\n```'
    assert concerns(text, selected_pattern="HEAP") == ("Is the heap ever larger than k?",)
    assert concerns('{"concerns": "not a list"}', selected_pattern="HEAP") == ()


def test_concerns_are_bounded_in_count_and_length_and_not_repeated() -> None:
    long = "Why " + "really " * 100 + "?"
    text = "\n".join([long, "Same?", "Same?", "Third?", "Fourth?", "Fifth?"])
    found = concerns(text, selected_pattern="HEAP")
    assert len(found) == MAX_CONCERNS
    assert found[1:] == ("Same?", "Third?")
    assert len(found[0]) == MAX_CONCERN_CHARS
    assert found[0].endswith("…")


def test_pattern_names_match_whole_words_only() -> None:
    # "dp" names a pattern, "dpi" does not.
    assert concerns("What about dpi scaling?", selected_pattern="GREEDY") == (
        "What about dpi scaling?",
    )
    assert concerns("Keep a heap of size k?", selected_pattern="GREEDY") == ()


def test_the_model_is_shown_the_learners_answer_and_the_verdict_but_no_expected_answer() -> None:
    failed = GateReview(**{**REVIEW.__dict__, "passed": False, "errors": ("Say more.",)})
    text = render_context(Prompt(purpose="gate", gate=failed))
    assert "The learner's pattern: TWO_POINTERS." in text
    assert f'The learner\'s invariant: "{REVIEW.stated_invariant}"' in text
    assert "The learner's stated complexity: O(n log n)." in text
    assert "The problem's target time bound: O(n)." in text
    assert "The deterministic check failed." in text
    assert "Check error: Say more." in text
    assert REVIEW.statement in text


def test_the_prompt_asks_for_no_more_concerns_than_are_kept() -> None:
    prompt = " ".join(template("gate").text.split())
    assert template("gate").version == "gate.v1"
    assert f"at most {MAX_CONCERNS} concerns" in prompt
    assert "never name any pattern other than the learner's own" in prompt
