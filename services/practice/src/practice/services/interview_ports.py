"""What the interview use cases need from the outside, as protocols: SQL over practice's
tables implements them in production (practice.db.interview_uow), fakes in the unit tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from contracts import Event
from contracts.catalogue import CodingProblem, Question
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.db.progress_tables import Activity
from practice.domain.interview_report import Candidate, Standing
from practice.domain.interview_scoring import Reply, Scores


class InterviewRepository(Protocol):
    def add(self, row: Interview | InterviewQuestion) -> None: ...

    async def get(self, interview_id: str, *, lock: bool = False) -> Interview | None: ...

    async def get_for_user(
        self, interview_id: str, user_id: str, *, lock: bool = False
    ) -> Interview | None:
        """The learner's interview; someone else's reads as missing."""
        ...

    async def page(
        self,
        *,
        user_id: str,
        mode: str | None,
        status: str | None,
        since: datetime | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Interview], int]: ...

    async def count_open(self, user_id: str) -> int: ...

    async def expired(self, now: datetime, limit: int) -> list[str]:
        """Ids of open interviews whose time ran out by `now`, oldest deadline first."""
        ...

    async def questions(self, interview_id: str) -> list[InterviewQuestion]:
        """The questions put so far, in the order they were asked."""
        ...

    async def question(self, row_id: str) -> InterviewQuestion | None:
        """The question row (by its own id) as stored now, re-read."""
        ...

    async def question_by_submission(self, submission_id: str) -> InterviewQuestion | None: ...

    async def unannounced(self, answered_before: datetime, limit: int) -> list[str]:
        """Ids of question rows answered before then whose answer_evaluated was never sent."""
        ...

    async def standing(self, score: float, excluding: str) -> Standing: ...


class QuestionBank(Protocol):
    """Practice's read model of the catalogue, as the interviews use it."""

    async def questions(self) -> list[Question]: ...

    async def question(self, question_id: str) -> Question | None: ...

    async def coding_problems(self) -> list[CodingProblem]: ...

    async def coding_problem(self, problem_id: str) -> CodingProblem | None: ...

    async def candidates(self) -> list[Candidate]:
        """Items a report may recommend."""
        ...


class InterviewUnitOfWork(Protocol):
    """One transaction over the interview tables, the ledger, submissions and the outbox."""

    @property
    def interviews(self) -> InterviewRepository: ...

    @property
    def bank(self) -> QuestionBank: ...

    async def record_activity(self, activity: Activity) -> None:
        """Add the row to the progress ledger unless a row with its id is there."""
        ...

    def request_code_evaluation(
        self, *, interview: Interview, problem: CodingProblem, language: str, code: str
    ) -> str:
        """Queue the code against the problem's tests (SubmissionCreated); the submission id."""
        ...

    def raise_event(self, event: Event) -> object: ...

    async def commit(self) -> None:
        """Commit; two requests putting the same question at once raise `InterviewBusy`."""
        ...


@dataclass(frozen=True)
class InterviewTurn:
    """What the interviewer's voice is told about one scored answer."""

    persona: dict[str, Any]  # name, personality, experience
    question: str
    question_type: str
    difficulty: str
    key_points: tuple[tuple[str, bool], ...]  # (expected concept, the answer names it)
    follow_ups: tuple[str, ...]
    answer: str
    scores: Scores
    notes: tuple[str, ...]  # "repeated", "keywords_only": what cut the scores


@dataclass(frozen=True)
class VoicedReply:
    """The interviewer's reply as the coach wrote it, with the record of how it was made."""

    reply: Reply
    record: dict[str, Any]  # provider, model, prompt_version, latency_ms, tokens


class InterviewerVoice(Protocol):
    async def reply(self, turn: InterviewTurn, *, token: str) -> VoicedReply:
        """The reply, asked as the learner; CoachUnavailable when none came in time."""
        ...
