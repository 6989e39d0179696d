"""What coach's use cases need from the outside, as protocols: SQL, a full-text engine and a
language model implement them in production, in-memory fakes in the unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from coach.db.tables import (
    ChatMessage,
    ChatSession,
    CronSchedule,
    Feedback,
    GenerationJob,
    IndexedItem,
    SocraticTurn,
    Subject,
    SubmittedCode,
)
from coach.domain.answers import Answer, Passage, Prompt
from coach.domain.chunking import Chunk
from contracts import Event


class Provider(Protocol):
    """Writes an answer grounded in a prompt's evidence and passages."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    async def answer(self, prompt: Prompt) -> Answer: ...


class PassageIndex(Protocol):
    """Full-text search over passages, one engine per database."""

    async def replace(
        self, *, source_id: str, subject_id: str | None, chunks: Sequence[Chunk]
    ) -> None:
        """Make `chunks` the only passages of `source_id`."""
        ...

    async def remove(self, source_id: str) -> None: ...

    async def search(self, query: str, *, subject_id: str | None, limit: int) -> list[Passage]:
        """The best passages for `query` among the subject's and the catalogue's."""
        ...


class CatalogueRepository(Protocol):
    def add_item(self, item: IndexedItem) -> None: ...

    async def item(self, item_id: str) -> IndexedItem | None: ...

    async def items(self, item_ids: Sequence[str]) -> list[IndexedItem]: ...

    async def delete_item(self, item: IndexedItem) -> None: ...

    async def titles(self, kinds: Sequence[str]) -> frozenset[str]:
        """The lowercased titles of the items of these kinds."""
        ...

    def add_subject(self, subject: Subject) -> None: ...

    async def subject(self, subject_id: str) -> Subject | None: ...

    async def delete_subject(self, subject_id: str) -> None: ...

    async def enrol(self, *, subject_id: str, user_id: str) -> None:
        """Record the enrolment; a repeat changes nothing."""
        ...

    async def is_enrolled(self, *, subject_id: str, user_id: str) -> bool: ...

    async def teaches_student(self, *, professor_id: str, student_id: str) -> bool:
        """True when the student is enrolled in a subject this professor teaches."""
        ...


class ChatRepository(Protocol):
    def add_session(self, session: ChatSession) -> None: ...

    def add_message(self, message: ChatMessage) -> None: ...

    async def session(self, *, session_id: str, user_id: str) -> ChatSession | None:
        """The user's own session; someone else's reads as missing."""
        ...

    async def sessions(
        self, *, user_id: str, subject_id: str | None, limit: int, offset: int
    ) -> tuple[list[ChatSession], int]: ...

    async def messages(self, session_id: str, *, limit: int) -> list[ChatMessage]:
        """The latest `limit` messages, oldest first."""
        ...

    async def delete_session(self, session: ChatSession) -> None: ...

    async def sent_since(self, *, user_id: str, since: datetime) -> list[datetime]:
        """When the user's messages after `since` were sent, oldest first."""
        ...


class FeedbackRepository(Protocol):
    def add(self, feedback: Feedback) -> None: ...

    async def for_submission(self, submission_id: str) -> Feedback | None: ...

    async def find(
        self, *, attempt_id: str | None, submission_id: str | None, response_id: str | None
    ) -> list[Feedback]:
        """Feedback for one target, newest first."""
        ...

    async def first_for(self, representation: str) -> Feedback | None:
        """The original (not itself reused) feedback written for this representation."""
        ...

    async def remember_code(self, code: SubmittedCode) -> None:
        """Keep the submission's representation; a repeat changes nothing."""
        ...

    async def code_of(self, submission_id: str) -> SubmittedCode | None: ...

    def add_turn(self, turn: SocraticTurn) -> None: ...

    async def turns(self, attempt_id: str) -> list[SocraticTurn]: ...


class GenerationRepository(Protocol):
    def add_job(self, job: GenerationJob) -> None: ...

    async def job(self, job_id: str) -> GenerationJob | None: ...

    async def overdue(self, now: datetime, *, limit: int) -> list[GenerationJob]:
        """Pending jobs whose deadline has passed, held until commit."""
        ...

    async def recent_titles(self, *, since: datetime) -> frozenset[str]:
        """The lowercased titles of items sent to content since then and not refused."""
        ...

    async def ensure_schedule(self, name: str, *, since: datetime) -> None:
        """Record the schedule, starting `since`, unless it is recorded already."""
        ...

    async def schedule(self, name: str) -> CronSchedule | None: ...

    async def claim_due_run(
        self, name: str, *, holder: str, now: datetime, lease_until: datetime, slot: datetime
    ) -> bool:
        """Take the schedule's lease for `holder` if it is free and no run since `slot`.

        Atomic: of replicas claiming at once, exactly one gets True.
        """
        ...

    async def finish_run(self, name: str, *, holder: str, ran_at: datetime, job_id: str) -> None:
        """Record the run and free the lease, if `holder` still has it."""
        ...


class CoachUnitOfWork(Protocol):
    """One transaction over coach's tables, its passage index and its outbox."""

    @property
    def catalogue(self) -> CatalogueRepository: ...

    @property
    def chats(self) -> ChatRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def generation(self) -> GenerationRepository: ...

    @property
    def passages(self) -> PassageIndex: ...

    def raise_event(self, event: Event) -> object: ...

    async def commit(self) -> None: ...
