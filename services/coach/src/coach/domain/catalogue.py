"""What coach reads off a catalogue item: the text it may quote, and the solutions it must not."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.chunking import Chunk, chunk_markdown
from contracts.catalogue.items import (
    BugHuntItem,
    CatalogueItem,
    CodingProblem,
    DebugLabItem,
    PublicBugHuntItem,
    PublicCodingProblem,
    PublicDebugLabItem,
    PublicDrill,
    PublicQuestion,
    PublicSubject,
    PublicSystemDesignProblem,
    PublicTask,
    Subject,
)
from contracts.catalogue.public import PublicItem, public_view


@dataclass(frozen=True)
class IndexableItem:
    title: str
    subject_id: str | None  # a subject's own passages; None for the shared catalogue
    chunks: list[Chunk]
    solutions: tuple[str, ...]


def indexable(item: CatalogueItem) -> IndexableItem:
    """The item's learner-visible text as passages (never hidden tests or answers)."""
    public = public_view(item)
    title = public.name if isinstance(public, PublicSubject) else public.title
    subject_id = public.id if isinstance(public, PublicSubject) else None
    chunks = chunk_markdown(_learner_text(public), title=title)
    return IndexableItem(title, subject_id, chunks, _solutions(item))


def _learner_text(public: PublicItem) -> str:
    match public:
        case PublicSubject():
            return "\n\n".join([public.description, public.guide])
        case PublicCodingProblem() | PublicSystemDesignProblem() | PublicDebugLabItem():
            return public.description
        case PublicTask():
            return "\n\n".join([public.description, public.scenario, *public.prompts.values()])
        case PublicDrill():
            return "\n\n".join([public.scenario, public.question])
        case PublicQuestion():
            return public.text
        case PublicBugHuntItem():
            return public.prompt


def _solutions(item: CatalogueItem) -> tuple[str, ...]:
    match item:
        case CodingProblem():
            return tuple(item.reference_solutions.values())
        case BugHuntItem():
            return (item.fixed_code,) if item.fixed_code else ()
        case DebugLabItem():
            return tuple(item.solution.files.values())
        case Subject():
            return ()
    return ()
