"""What a provider is asked and what it answers, independent of who answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from coach.domain.design import DesignGrounding
from coach.domain.evidence import Evidence
from coach.domain.gate_review import GateReview
from coach.domain.generation import GenerationSpec
from coach.domain.interview import TurnGrounding

Purpose = Literal["tutor", "feedback", "design", "generation", "gate", "interview"]


@dataclass(frozen=True)
class Passage:
    """A chunk of a subject's guide or a catalogue item, as retrieval found it."""

    passage_id: str
    source_id: str  # the item or subject it came from
    subject_id: str | None
    heading: str
    body: str

    def snippet(self, limit: int = 240) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def citation(self) -> dict[str, str | None]:
        """How an answer names this passage: where it is from, its heading and a snippet."""
        return {
            "source_id": self.source_id,
            "subject_id": self.subject_id,
            "heading": self.heading,
            "snippet": self.snippet(),
        }


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class Prompt:
    """Everything an answer may be grounded in; providers use nothing else."""

    purpose: Purpose
    message: str = ""
    subject_name: str = ""
    evidence: Evidence | None = None
    design: DesignGrounding | None = None  # a design session's requirements against its diagram
    passages: tuple[Passage, ...] = ()
    history: tuple[Turn, ...] = ()
    refuse_solution: bool = False  # the learner asked for graded work's solution
    generation: GenerationSpec | None = None  # the item to write, when generating
    gate: GateReview | None = None  # a thinking gate to review, never its answer
    interview: TurnGrounding | None = None  # a mock interview's answer, as practice scored it


@dataclass(frozen=True)
class Answer:
    """A provider's answer and the record of how it was made."""

    text: str
    provider: str
    model: str
    prompt_version: str
    latency_ms: float
    input_tokens: int = 0
    output_tokens: int = 0
    fallback_reason: str | None = None
    citations: tuple[Passage, ...] = field(default=())
