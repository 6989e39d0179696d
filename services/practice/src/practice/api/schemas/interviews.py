"""Bodies of `/interviews`: mock interviews (seed 002's sessions, in snake_case)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.catalogue import Question
from contracts.catalogue.items import PublicCodingProblem, PublicQuestion
from contracts.catalogue.vocabulary import Language, ProblemDifficulty
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.domain.catalog import learner_view
from practice.domain.interviews import InterviewMode, QuestionStatus
from practice.services.interviews import (
    Answered,
    CodeAnswer,
    InterviewRecord,
    InterviewSpec,
    NextAction,
    Presented,
    SessionBlock,
)

Topic = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
MAX_ANSWER_CHARS = 20_000  # the byte bound is a setting (PRACTICE_MAX_INTERVIEW_ANSWER_BYTES)


class StartInterview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: InterviewMode
    job_type: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    difficulty: ProblemDifficulty = "medium"
    duration: int = Field(default=45, ge=10, le=120, description="minutes")
    language: Language = "python"
    include_coding: bool = False
    topics: list[Topic] = Field(default_factory=list, max_length=10)

    def spec(self) -> InterviewSpec:
        return InterviewSpec(
            mode=self.mode,
            job_type=self.job_type,
            difficulty=self.difficulty,
            duration=self.duration,
            language=self.language,
            include_coding=self.include_coding,
            topics=tuple(dict.fromkeys(self.topics)),
        )


class CodeSubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Language
    code: str = Field(min_length=1, max_length=100_000)
    approach_explanation: str = Field(default="", max_length=MAX_ANSWER_CHARS)

    def answer(self) -> CodeAnswer:
        return CodeAnswer(self.language, self.code, self.approach_explanation)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question_id: str = Field(min_length=1, max_length=120)
    answer_text: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    code_submission: CodeSubmissionIn | None = None
    response_time: int = Field(ge=0, le=4 * 3600, description="seconds")


class InterviewerOut(BaseModel):
    name: str
    personality: str
    experience: str


class Recommendation(BaseModel):
    item_id: str
    kind: str
    title: str
    reason: str


class FeedbackOut(BaseModel):
    feedback_id: str
    summary: str
    overall_score: float
    accuracy: float
    communication_score: float
    problem_solving_score: float
    strengths: list[str]
    improvement_areas: list[str]
    recommendations: list[Recommendation]
    percentile_rank: int
    generated_at: datetime


class InterviewOut(BaseModel):
    id: str
    user_id: str
    mode: str
    job_type: str
    difficulty: str
    current_difficulty: str
    duration: int
    estimated_duration: int
    language: str
    include_coding: bool
    topics: list[str]
    status: str
    question_count: int
    interviewer: InterviewerOut
    overall_score: float | None
    feedback_available: bool
    created_at: datetime
    started_at: datetime | None
    expires_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, interview: Interview) -> InterviewOut:
        return cls.model_validate(
            {
                **interview.model_dump(),
                "estimated_duration": interview.duration,
                "feedback_available": interview.report is not None,
            }
        )


class ScoresOut(BaseModel):
    completeness: int
    correctness: int
    communication: int


class EvaluationOut(BaseModel):
    submission_id: str
    status: str
    verdict: str | None = None
    tests_passed: int | None = None
    tests_total: int | None = None


class AiResponse(BaseModel):
    response_id: str
    content: str
    sentiment: Literal["positive", "neutral", "negative"]
    follow_up: bool
    follow_up_question: str | None
    interviewer_source: Literal["coach", "practice"] = "practice"  # who wrote the reply


def ai_response(row: InterviewQuestion) -> dict[str, Any] | None:
    """The stored reply, with who spoke it (rows from before the coach spoke were practice's)."""
    if row.reply is None:
        return None
    return {**row.reply, "interviewer_source": row.interviewer_source or "practice"}


class AskedQuestion(BaseModel):
    question_id: str
    kind: str
    type: str
    category: str
    difficulty: str
    title: str
    text: str
    estimated_time: int
    status: QuestionStatus
    presented_at: datetime
    answered_at: datetime | None
    response_time: int | None
    answer_text: str | None
    scores: ScoresOut | None
    ai_response: AiResponse | None
    evaluation: EvaluationOut | None

    @classmethod
    def of(cls, row: InterviewQuestion) -> AskedQuestion:
        return cls.model_validate({**row.model_dump(), "ai_response": ai_response(row)})


class CodingChallengeOut(BaseModel):
    challenge_id: str
    title: str
    description: str
    difficulty: str
    status: Literal["pending", "in_progress", "answered", "skipped"]
    started_at: datetime | None
    time_spent: int | None
    starter_code: str | None
    evaluation: EvaluationOut | None


class InterviewDetail(InterviewOut):
    current_question_index: int
    questions: list[AskedQuestion]
    coding_challenge: CodingChallengeOut | None
    feedback: FeedbackOut | None

    @classmethod
    def of_record(cls, record: InterviewRecord) -> InterviewDetail:
        interview = record.interview
        return cls.model_validate(
            {
                **InterviewOut.of(interview).model_dump(),
                "current_question_index": len(record.questions),
                "questions": [AskedQuestion.of(row) for row in record.questions],
                "coding_challenge": _challenge(record),
                "feedback": interview.report,
            }
        )


def _challenge(record: InterviewRecord) -> CodingChallengeOut | None:
    problem = record.challenge
    if problem is None:
        return None
    row = next((q for q in record.questions if q.question_id == problem.id), None)
    status = "pending" if row is None else {"presented": "in_progress"}.get(row.status, row.status)
    return CodingChallengeOut(
        challenge_id=problem.id,
        title=problem.title,
        description=problem.description,
        difficulty=problem.difficulty,
        status=status,  # type: ignore[arg-type]
        started_at=row.presented_at if row else None,
        time_spent=row.response_time if row else None,
        starter_code=problem.starter_code.get(record.interview.language),  # type: ignore[call-overload]
        evaluation=EvaluationOut.model_validate(row.evaluation) if row and row.evaluation else None,
    )


class NextActionOut(BaseModel):
    type: Literal["intro", "follow_up", "next_question", "complete"]
    message: str
    estimated_time: int | None = None  # minutes
    max_response_time: int | None = None  # seconds

    @classmethod
    def of(cls, action: NextAction) -> NextActionOut:
        return cls.model_validate(action, from_attributes=True)


class InterviewStarted(BaseModel):
    interview: InterviewOut
    next_action: NextActionOut


class PresentedQuestion(BaseModel):
    question_id: str
    kind: str
    type: str
    category: str
    difficulty: str
    title: str
    text: str
    estimated_time: int  # minutes
    hints: list[str] = []
    follow_up_questions: list[str] = []
    coding_problem: PublicCodingProblem | None = None  # the coding challenge, as learners see it

    @classmethod
    def of(cls, shown: Presented) -> PresentedQuestion:
        """The question as put to the learner: its public view, never the expected concepts."""
        row, item = shown.row, shown.item
        extra: dict[str, Any]
        if isinstance(item, Question):
            public = learner_view(item, PublicQuestion)
            extra = {"hints": public.hints, "follow_up_questions": public.follow_ups}
        else:
            extra = {"coding_problem": learner_view(item, PublicCodingProblem)}
        fields = ("question_id", "kind", "type", "category", "difficulty", "title", "text")
        return cls.model_validate(
            {**{name: getattr(row, name) for name in fields}, "estimated_time": row.estimated_time}
            | extra
        )


class SessionOut(BaseModel):
    current_index: int
    remaining_questions: int
    remaining_time: int  # seconds

    @classmethod
    def of(cls, block: SessionBlock) -> SessionOut:
        return cls.model_validate(block, from_attributes=True)


class NextQuestion(BaseModel):
    question: PresentedQuestion
    session: SessionOut

    @classmethod
    def of(cls, shown: Presented) -> NextQuestion:
        return cls(question=PresentedQuestion.of(shown), session=SessionOut.of(shown.session))


class AnswerOut(BaseModel):
    answer_id: str
    question_id: str
    submitted_at: datetime
    response_time: int
    scores: ScoresOut
    evaluation: EvaluationOut | None


class AnswerEvaluated(BaseModel):
    answer: AnswerOut
    ai_response: AiResponse
    next_action: NextActionOut

    @classmethod
    def of(cls, answered: Answered) -> AnswerEvaluated:
        row = answered.row
        answer = {**row.model_dump(), "submitted_at": row.answered_at}
        return cls.model_validate(
            {
                "answer": answer,
                "ai_response": ai_response(row),
                "next_action": NextActionOut.of(answered.next_action),
            }
        )


class Transcript(BaseModel):
    download_url: str


class InterviewCompleted(BaseModel):
    interview: InterviewOut
    feedback: FeedbackOut
    transcript: Transcript


def transcript_markdown(detail: InterviewDetail) -> str:
    """The interview as a Markdown document the learner can keep."""
    lines = [
        f"# {detail.job_type} interview ({detail.mode}, {detail.difficulty})",
        "",
        f"- Interviewer: {detail.interviewer.name} ({detail.interviewer.personality})",
        f"- Started: {detail.started_at or detail.created_at:%Y-%m-%d %H:%M} UTC",
        f"- Status: {detail.status}",
    ]
    for index, question in enumerate(detail.questions, start=1):
        lines += ["", f"## {index}. {question.title} ({question.type}, {question.difficulty})"]
        lines += ["", f"**Interviewer:** {question.text.strip()}", ""]
        if question.answer_text is None:
            lines.append(f"*{question.status}*")
            continue
        lines.append(f"**You** ({question.response_time} s): {question.answer_text.strip()}")
        if question.scores:
            s = question.scores
            lines += [
                "",
                f"Scores: completeness {s.completeness}, correctness {s.correctness}, "
                f"communication {s.communication}",
            ]
        if question.ai_response:
            lines += ["", f"**Interviewer:** {question.ai_response.content}"]
            if question.ai_response.follow_up_question:
                lines.append(f"Follow-up: {question.ai_response.follow_up_question}")
    if detail.feedback:
        report = detail.feedback
        lines += ["", "## Report", "", report.summary, ""]
        lines += [f"- Strength: {s}" for s in report.strengths]
        lines += [f"- To improve: {a}" for a in report.improvement_areas]
        lines += [
            f"- Try: {r.title} ({r.kind} {r.item_id}): {r.reason}" for r in report.recommendations
        ]
        lines.append(f"- Percentile rank: {report.percentile_rank}")
    return "\n".join(lines) + "\n"
