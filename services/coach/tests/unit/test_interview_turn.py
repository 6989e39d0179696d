"""The interviewer's reply to an answer: grounded in practice's scores and the learner's words."""

from __future__ import annotations

import dataclasses
from typing import Any

from coach.domain.answers import Answer, Prompt
from coach.domain.interview import (
    InterviewTurn,
    KeyPoint,
    Persona,
    TurnScores,
    ground_turn,
    quote_from,
)
from coach.providers.builtin import BuiltinProvider
from coach.providers.context import render_context
from coach.services.interview_turn import MAX_REPLY_CHARS, reply_to_answer

POINTS = ("hash function", "collision", "load factor", "resizing", "worst case")
GOOD = (
    "A hash map keeps an array of buckets. The hash function turns the key into an index, so a "
    "lookup goes straight to one bucket. When two keys land in the same bucket we have a "
    "collision, handled by chaining."
)


def turn(
    answer: str = GOOD, *, covered: int = 2, scores: tuple[int, ...] = (45, 60, 80), **changes: Any
) -> InterviewTurn:
    base = InterviewTurn(
        persona=Persona("Sam", "friendly", "8 years as a staff engineer"),
        question="Explain how a hash map finds a key and when a lookup stops being constant time.",
        question_type="theory",
        difficulty="medium",
        key_points=tuple(KeyPoint(p, n < covered) for n, p in enumerate(POINTS)),
        follow_ups=("Compare chaining with open addressing.",),
        answer=answer,
        scores=TurnScores(*scores),
    )
    return dataclasses.replace(base, **changes)


class RecordingProvider:
    """A provider that answers with set text and keeps every prompt it was given."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.prompts: list[Prompt] = []

    @property
    def name(self) -> str:
        return "fake"

    @property
    def model(self) -> str:
        return "fake-1"

    async def answer(self, prompt: Prompt) -> Answer:
        self.prompts.append(prompt)
        return Answer(self.text, "fake", "fake-1", "interview.v1", 1.0, 10, 5)


async def builtin_reply(t: InterviewTurn) -> str:
    return (await reply_to_answer(provider=BuiltinProvider("m"), turn=t)).answer.text


def test_the_quote_is_the_learners_sentence_about_what_they_covered_cut_at_a_word() -> None:
    assert quote_from(GOOD, ("collision",)) == (
        "When two keys land in the same bucket we have a collision, handled by chaining"
    )
    long = "The hash function " + "spreads keys evenly over the buckets " * 5 + "."
    quoted = quote_from(long, ("hash function",))
    assert quoted is not None
    assert quoted.endswith("…")
    assert len(quoted) <= 121
    assert long.startswith(quoted[:-1])
    assert quote_from("ok", ("collision",)) is None  # too short to quote


def test_the_tone_follows_practices_scores() -> None:
    assert ground_turn(turn(scores=(90, 85, 80))).sentiment == "positive"
    assert ground_turn(turn(scores=(40, 50, 45))).sentiment == "neutral"
    assert ground_turn(turn(scores=(10, 20, 30))).sentiment == "negative"


def test_a_good_partial_answer_is_asked_about_the_first_missed_point_only() -> None:
    found = ground_turn(turn(scores=(60, 70, 80)))
    assert (found.covered, found.missed[0]) == (("hash function", "collision"), "load factor")
    assert found.follow_up == "How does load factor come into your answer?"
    complete = ground_turn(turn(covered=5, scores=(90, 90, 90)))
    assert complete.follow_up == "Compare chaining with open addressing."  # the bank's own
    weak = ground_turn(turn(covered=0, scores=(10, 20, 30)))
    assert weak.follow_up is None
    repeated = ground_turn(turn(scores=(60, 70, 80), notes=("repeated",)))
    assert (repeated.follow_up, repeated.pointer) == (None, None)


async def test_the_reply_quotes_the_answer_counts_the_points_and_never_lists_the_missed_ones() -> (
    None
):
    text = await builtin_reply(turn(scores=(45, 60, 80)))
    assert text.startswith("Good start")  # Sam is friendly, the mean is neutral
    # Each sentence names one covered point: the first of them is quoted.
    assert 'You said "The hash function turns the key into an index' in text
    assert "hash function and collision" in text
    assert "You covered 2 of the 5 points I was listening for." in text
    assert "load factor" not in text  # asked in the follow-up, not told
    for withheld in ("resizing", "worst case"):
        assert withheld not in text


async def test_a_weak_answer_gets_one_pointer_and_no_follow_up() -> None:
    weak = "It is fast because it uses memory, I think it is quick enough."
    reply = await reply_to_answer(
        provider=BuiltinProvider("m"), turn=turn(weak, covered=0, scores=(0, 15, 35))
    )
    assert reply.grounding.follow_up is None
    text = reply.answer.text
    assert "does not reach what the question asks" in text
    assert "Think about hash function: where would it come in?" in text
    assert sum(point in text for point in POINTS) == 1
    assert "Structure it as steps" in text  # communication 35


async def test_an_empty_answer_is_asked_for_one_without_a_quote() -> None:
    reply = await reply_to_answer(
        provider=BuiltinProvider("m"), turn=turn("  ", covered=0, scores=(0, 0, 0))
    )
    assert "I didn't hear an answer to that one." in reply.answer.text
    assert reply.grounding.quote is None
    assert not any(point in reply.answer.text for point in POINTS)


async def test_the_persona_sets_the_manner() -> None:
    direct = turn(persona=Persona("Jordan", "direct", "12 years"), scores=(90, 90, 90), covered=5)
    assert (await builtin_reply(direct)).startswith("Good. That is what I wanted to hear.")


async def test_the_answer_records_the_builtin_provider_and_the_prompt_version() -> None:
    answer = (await reply_to_answer(provider=BuiltinProvider("m"), turn=turn())).answer
    assert (answer.provider, answer.model, answer.prompt_version) == (
        "builtin",
        "m",
        "interview.v1",
    )
    assert answer.input_tokens > 0
    assert answer.output_tokens > 0


async def test_a_model_sees_the_findings_but_not_the_missed_points_beyond_the_pointer() -> None:
    provider = RecordingProvider("Thanks Sam here. Nice.")
    reply = await reply_to_answer(provider=provider, turn=turn(scores=(60, 70, 80)))
    assert reply.answer.text == "Thanks Sam here. Nice."
    assert reply.grounding.sentiment == "positive"  # the tone is decided here, not by the model
    [prompt] = provider.prompts
    assert prompt.purpose == "interview"
    shown = render_context(prompt)
    assert "Scores (final): completeness 60, correctness 70, communication 80." in shown
    assert "Key points covered (2 of 5):" in shown
    assert "The one missed key point you may name, as a question: load factor." in shown
    for withheld in ("resizing", "worst case"):
        assert withheld not in shown


async def test_a_long_model_reply_is_cut_to_its_bound() -> None:
    provider = RecordingProvider("word " * 1000)
    reply = await reply_to_answer(provider=provider, turn=turn())
    assert len(reply.answer.text) <= MAX_REPLY_CHARS
    assert reply.answer.text.endswith("…")
