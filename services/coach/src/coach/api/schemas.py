"""Request and response bodies of coach's routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.db.tables import ChatMessage, ChatSession, Feedback, GenerationJob, SocraticTurn
from coach.domain.answers import Turn
from coach.domain.design import DesignContext
from coach.domain.gate_review import GateReview
from coach.domain.jobs import ItemOutcome, JobKind, JobStatus
from coach.services.crons import CronView
from coach.services.design_chat import DesignReply
from coach.services.gate_review import GateReviewReply
from coach.services.socratic import Dialogue
from contracts.catalogue.vocabulary import Pattern

MAX_MESSAGE_CHARS = 4000
Id = Annotated[str, Field(min_length=1, max_length=120)]


class Citation(BaseModel):
    source_id: str
    subject_id: str | None
    heading: str
    snippet: str


class AnswerRecord(BaseModel):
    """How an answer was made: which provider and model, which prompt, how long, how many tokens."""

    provider: str | None
    model: str | None
    prompt_version: str | None
    latency_ms: float | None
    input_tokens: int | None
    output_tokens: int | None


class InternalAnswerRecord(AnswerRecord):
    """The record an internal route returns: also why a model's answer fell back, if it did."""

    fallback_reason: str | None = None


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_id: Id
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    session_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None


class MessageOut(BaseModel):
    role: str
    content: str
    created_at: datetime
    refused: bool = False
    citations: list[Citation] = []
    answer: AnswerRecord | None = None  # on the coach's messages

    @classmethod
    def of(cls, message: ChatMessage) -> MessageOut:
        record = None
        if message.role == "assistant":
            record = AnswerRecord.model_validate(message, from_attributes=True)
        return cls(
            role=message.role,
            content=message.content,
            created_at=message.created_at,
            refused=message.refused,
            citations=[Citation.model_validate(c) for c in message.citations],
            answer=record,
        )


class SessionOut(BaseModel):
    id: str
    subject_id: str
    title: str
    message_count: int
    created_at: datetime
    last_active: datetime

    @classmethod
    def of(cls, session: ChatSession) -> SessionOut:
        return cls.model_validate(session, from_attributes=True)


class SessionDetail(SessionOut):
    user_id: str
    messages: list[MessageOut]


class ChatOut(BaseModel):
    session_id: str
    subject_id: str
    response: str  # seed 003's name for the answer
    message: MessageOut


class FeedbackOut(BaseModel):
    id: str
    type: str
    submission_id: str
    attempt_id: str
    user_id: str
    evaluation_kind: str
    content: str
    evidence: dict[str, Any]
    citations: list[Citation]
    answer: AnswerRecord
    # Set when this feedback was first written for equivalent code (same problem, names,
    # layout and comments aside) with the same outcome, and is offered again.
    reused: bool
    reused_from: str | None
    created_at: datetime

    @classmethod
    def of(cls, feedback: Feedback) -> FeedbackOut:
        return cls(
            **feedback.model_dump(exclude={"citations", "representation"}),
            reused=feedback.reused_from is not None,
            citations=[Citation.model_validate(c) for c in feedback.citations],
            answer=AnswerRecord.model_validate(feedback, from_attributes=True),
        )


class SocraticAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class TurnOut(BaseModel):
    role: str
    content: str
    created_at: datetime

    @classmethod
    def of(cls, turn: SocraticTurn) -> TurnOut:
        return cls.model_validate(turn, from_attributes=True)


class SocraticOut(BaseModel):
    attempt_id: str
    turns: list[TurnOut]
    next_question: str

    @classmethod
    def of(cls, dialogue: Dialogue) -> SocraticOut:
        return cls(
            attempt_id=dialogue.attempt_id,
            turns=[TurnOut.of(t) for t in dialogue.turns],
            next_question=dialogue.next_question,
        )


class GeneratedItemOut(BaseModel):
    """One item of a generation job, how it was written, and what content did with it."""

    item_id: str | None  # None when the provider's answer was not a valid item
    kind: str
    role: str | None
    title: str | None
    outcome: ItemOutcome
    detail: str
    duplicate_of: str | None = None
    provider: str
    model: str
    prompt_version: str
    latency_ms: float
    fallback_reason: str | None = None


class JobOut(BaseModel):
    id: str
    kind: JobKind
    trigger: str
    status: JobStatus
    message: str
    requested_by: str | None
    params: dict[str, Any]
    items: list[GeneratedItemOut]
    item_ids: list[str]  # the items content stored
    created_at: datetime
    deadline: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: GenerationJob) -> JobOut:
        items = [GeneratedItemOut.model_validate(i) for i in job.items]
        return cls.model_validate(
            {
                **job.model_dump(),
                "items": items,
                "item_ids": [i.item_id for i in items if i.outcome == "stored" and i.item_id],
            }
        )


class CronOut(BaseModel):
    name: str
    schedule: str
    enabled: bool
    last_run_at: datetime | None
    next_run_at: datetime | None
    running: bool
    last_job_id: str | None
    last_outcome: JobStatus | None  # the last run's job status
    last_message: str | None

    @classmethod
    def of(cls, cron: CronView) -> CronOut:
        job = cron.last_job
        return cls.model_validate(
            {
                "name": cron.name,
                "schedule": cron.schedule,
                "enabled": cron.enabled,
                "last_run_at": cron.last_run_at,
                "next_run_at": cron.next_run_at,
                "running": cron.running,
                "last_job_id": job.id if job else None,
                "last_outcome": job.status if job else None,  # validated as a JobStatus
                "last_message": job.message if job else None,
            }
        )


# Design chat: practice sends the session's problem and diagram, coach answers (not public).
DesignText = Annotated[str, Field(min_length=1, max_length=20_000)]  # the catalogue's bound
Label = Annotated[str, Field(min_length=1, max_length=300)]


class DesignProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    requirements: list[DesignText] = Field(default=[], max_length=100)
    constraints: list[DesignText] = Field(default=[], max_length=50)


class DiagramIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    components: list[Label] = Field(default=[], max_length=500)


class DesignTurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class DesignChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem: DesignProblemIn
    diagram: DiagramIn
    history: list[DesignTurnIn] = Field(default=[], max_length=20)
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    def context(self) -> DesignContext:
        return DesignContext(
            title=self.problem.title,
            requirements=tuple(self.problem.requirements),
            constraints=tuple(self.problem.constraints),
            components=tuple(self.diagram.components),
        )

    def turns(self) -> tuple[Turn, ...]:
        return tuple(Turn(role=t.role, content=t.content) for t in self.history)


class RequirementOut(BaseModel):
    number: int
    text: str
    components: list[str]  # the learner's components that meet it; empty when none does


class DesignChatOut(BaseModel):
    content: str
    refused: bool
    requirements: list[RequirementOut]  # the requirements the answer cites
    missing_requirements: list[int]  # numbers of the requirements no component meets
    components: list[str]  # the learner's components the answer names
    answer: InternalAnswerRecord

    @classmethod
    def of(cls, reply: DesignReply) -> DesignChatOut:
        return cls(
            content=reply.answer.text,
            refused=reply.refused,
            requirements=[
                RequirementOut(number=r.number, text=r.text, components=list(r.components))
                for r in reply.grounding.cited
            ],
            missing_requirements=[r.number for r in reply.grounding.missing],
            components=list(reply.components_named),
            answer=InternalAnswerRecord.model_validate(reply.answer, from_attributes=True),
        )


# Thinking-gate review: practice sends the problem as the learner sees it, their gate answer
# and its deterministic verdict, never the expected pattern or invariant (not public).
class GateProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    statement: str = Field(min_length=1, max_length=20_000)  # the catalogue's bound
    target_time: str | None = Field(default=None, max_length=200)  # a catalogue label


class GateAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    selected_pattern: Pattern
    stated_invariant: str = Field(min_length=1, max_length=2000)
    stated_complexity: str | None = Field(default=None, max_length=60)


class GateResultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passed: bool
    errors: list[Annotated[str, Field(max_length=1000)]] = Field(default=[], max_length=10)


class GateReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem: GateProblemIn
    answer: GateAnswerIn
    result: GateResultIn

    def review(self) -> GateReview:
        return GateReview(
            title=self.problem.title,
            statement=self.problem.statement,
            target_time=self.problem.target_time,
            selected_pattern=self.answer.selected_pattern,
            stated_invariant=self.answer.stated_invariant,
            stated_complexity=self.answer.stated_complexity,
            passed=self.result.passed,
            errors=tuple(self.result.errors),
        )


class GateReviewOut(BaseModel):
    warnings: list[str]  # at most MAX_CONCERNS, each at most MAX_CONCERN_CHARS
    answer: InternalAnswerRecord  # provider "builtin" means no model was asked

    @classmethod
    def of(cls, reply: GateReviewReply) -> GateReviewOut:
        return cls(
            warnings=list(reply.warnings),
            answer=InternalAnswerRecord.model_validate(reply.answer, from_attributes=True),
        )
