"""In-memory fakes of coach's ports, for unit tests of the use cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

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
from coach.domain.answers import Passage
from coach.domain.chunking import Chunk
from coach.domain.schedule import lease_free
from coach.retrieval.fulltext import search_terms
from contracts import Event


@dataclass
class FakeCatalogue:
    items_by_id: dict[str, IndexedItem] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    enrolments: set[tuple[str, str]] = field(default_factory=set)

    def add_item(self, item: IndexedItem) -> None:
        self.items_by_id[item.id] = item

    async def item(self, item_id: str) -> IndexedItem | None:
        return self.items_by_id.get(item_id)

    async def items(self, item_ids: Sequence[str]) -> list[IndexedItem]:
        return [self.items_by_id[i] for i in item_ids if i in self.items_by_id]

    async def delete_item(self, item: IndexedItem) -> None:
        self.items_by_id.pop(item.id, None)

    async def titles(self, kinds: Sequence[str]) -> frozenset[str]:
        return frozenset(i.title.lower() for i in self.items_by_id.values() if i.kind in kinds)

    def add_subject(self, subject: Subject) -> None:
        self.subjects[subject.id] = subject

    async def subject(self, subject_id: str) -> Subject | None:
        return self.subjects.get(subject_id)

    async def delete_subject(self, subject_id: str) -> None:
        self.subjects.pop(subject_id, None)

    async def enrol(self, *, subject_id: str, user_id: str) -> None:
        self.enrolments.add((subject_id, user_id))

    async def is_enrolled(self, *, subject_id: str, user_id: str) -> bool:
        return (subject_id, user_id) in self.enrolments

    async def teaches_student(self, *, professor_id: str, student_id: str) -> bool:
        return any(
            self.subjects[s].professor_id == professor_id
            for s, u in self.enrolments
            if u == student_id and s in self.subjects
        )


@dataclass
class FakeChats:
    sessions_by_id: dict[str, ChatSession] = field(default_factory=dict)
    all_messages: list[ChatMessage] = field(default_factory=list)

    def add_session(self, session: ChatSession) -> None:
        self.sessions_by_id[session.id] = session

    def add_message(self, message: ChatMessage) -> None:
        self.all_messages.append(message)

    async def session(self, *, session_id: str, user_id: str) -> ChatSession | None:
        found = self.sessions_by_id.get(session_id)
        return found if found is not None and found.user_id == user_id else None

    async def sessions(
        self, *, user_id: str, subject_id: str | None, limit: int, offset: int
    ) -> tuple[list[ChatSession], int]:
        mine = [
            s
            for s in self.sessions_by_id.values()
            if s.user_id == user_id and subject_id in (None, s.subject_id)
        ]
        return mine[offset : offset + limit], len(mine)

    async def messages(self, session_id: str, *, limit: int) -> list[ChatMessage]:
        return [m for m in self.all_messages if m.session_id == session_id][-limit:]

    async def delete_session(self, session: ChatSession) -> None:
        self.sessions_by_id.pop(session.id)
        self.all_messages = [m for m in self.all_messages if m.session_id != session.id]

    async def sent_since(self, *, user_id: str, since: datetime) -> list[datetime]:
        return sorted(
            m.created_at
            for m in self.all_messages
            if m.user_id == user_id and m.role == "user" and m.created_at > since
        )


@dataclass
class FakeFeedbacks:
    rows: list[Feedback] = field(default_factory=list)
    socratic: list[SocraticTurn] = field(default_factory=list)
    codes: dict[str, SubmittedCode] = field(default_factory=dict)

    async def first_for(self, representation: str) -> Feedback | None:
        return next(
            (f for f in self.rows if f.representation == representation and not f.reused_from),
            None,
        )

    async def remember_code(self, code: SubmittedCode) -> None:
        self.codes.setdefault(code.submission_id, code)

    async def code_of(self, submission_id: str) -> SubmittedCode | None:
        return self.codes.get(submission_id)

    def add(self, feedback: Feedback) -> None:
        self.rows.append(feedback)

    async def for_submission(self, submission_id: str) -> Feedback | None:
        return next((f for f in self.rows if f.submission_id == submission_id), None)

    async def find(
        self, *, attempt_id: str | None, submission_id: str | None, response_id: str | None
    ) -> list[Feedback]:
        return [
            f
            for f in reversed(self.rows)
            if submission_id in (None, f.submission_id)
            and attempt_id in (None, f.attempt_id)
            and (
                response_id is None or (f.attempt_id, f.evaluation_kind) == (response_id, "written")
            )
        ]

    def add_turn(self, turn: SocraticTurn) -> None:
        self.socratic.append(turn)

    async def turns(self, attempt_id: str) -> list[SocraticTurn]:
        return [t for t in self.socratic if t.attempt_id == attempt_id]


@dataclass
class FakePassages:
    """Passages matched by shared words: enough to stand in for a full-text engine."""

    by_source: dict[str, list[Passage]] = field(default_factory=dict)

    async def replace(
        self, *, source_id: str, subject_id: str | None, chunks: Sequence[Chunk]
    ) -> None:
        self.by_source[source_id] = [
            Passage(f"{source_id}#{n}", source_id, subject_id, c.heading, c.body)
            for n, c in enumerate(chunks)
        ]

    async def remove(self, source_id: str) -> None:
        self.by_source.pop(source_id, None)

    async def search(self, query: str, *, subject_id: str | None, limit: int) -> list[Passage]:
        terms = set(search_terms(query))
        found = [
            p
            for passages in self.by_source.values()
            for p in passages
            if p.subject_id in (None, subject_id)
            and terms & set(search_terms(p.heading + " " + p.body))
        ]
        return found[:limit]


@dataclass
class FakeGenerations:
    """Jobs and schedules in memory; claiming follows domain.schedule's rules like the SQL."""

    jobs: dict[str, GenerationJob] = field(default_factory=dict)
    schedules: dict[str, CronSchedule] = field(default_factory=dict)

    def add_job(self, job: GenerationJob) -> None:
        self.jobs[job.id] = job

    async def job(self, job_id: str) -> GenerationJob | None:
        return self.jobs.get(job_id)

    async def overdue(self, now: datetime, *, limit: int) -> list[GenerationJob]:
        due = [j for j in self.jobs.values() if j.status == "pending" and j.deadline <= now]
        return due[:limit]

    async def recent_titles(self, *, since: datetime) -> frozenset[str]:
        return frozenset(
            i["title"].lower()
            for j in self.jobs.values()
            if j.created_at >= since
            for i in j.items
            if i["title"] and i["outcome"] in ("pending", "stored")
        )

    async def ensure_schedule(self, name: str, *, since: datetime) -> None:
        self.schedules.setdefault(name, CronSchedule(name=name, since=since))

    async def schedule(self, name: str) -> CronSchedule | None:
        return self.schedules.get(name)

    async def claim_due_run(
        self, name: str, *, holder: str, now: datetime, lease_until: datetime, slot: datetime
    ) -> bool:
        row = self.schedules[name]
        if not lease_free(row.lease_until, now) or (row.last_run_at or row.since) >= slot:
            return False
        row.lease_holder, row.lease_until = holder, lease_until
        return True

    async def finish_run(self, name: str, *, holder: str, ran_at: datetime, job_id: str) -> None:
        row = self.schedules[name]
        if row.lease_holder == holder:
            row.last_run_at, row.last_job_id = ran_at, job_id
            row.lease_holder = row.lease_until = None


@dataclass
class FakeUnitOfWork:
    catalogue: FakeCatalogue = field(default_factory=FakeCatalogue)
    chats: FakeChats = field(default_factory=FakeChats)
    feedback: FakeFeedbacks = field(default_factory=FakeFeedbacks)
    generation: FakeGenerations = field(default_factory=FakeGenerations)
    passages: FakePassages = field(default_factory=FakePassages)
    events: list[Event] = field(default_factory=list)
    commits: int = 0

    def raise_event(self, event: Event) -> object:
        self.events.append(event)
        return event

    async def commit(self) -> None:
        self.commits += 1
