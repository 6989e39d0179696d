"""Thinking-gate review (seed 001): a model's concerns about the learner's reasoning, if any."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.answers import Answer, Prompt
from coach.domain.gate_review import GateReview, concerns
from coach.services.ports import Provider


@dataclass(frozen=True)
class GateReviewReply:
    answer: Answer  # the record of how it was made; its text is the model's raw concerns
    warnings: tuple[str, ...]


async def review_gate(*, provider: Provider, review: GateReview) -> GateReviewReply:
    """Ask the provider for concerns, keep those that are bounded and name no other pattern."""
    answer = await provider.answer(Prompt(purpose="gate", subject_name=review.title, gate=review))
    warnings = concerns(answer.text, selected_pattern=review.selected_pattern)
    return GateReviewReply(answer=answer, warnings=warnings)
