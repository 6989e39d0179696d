"""Feedback and Socratic use cases on in-memory fakes."""

from __future__ import annotations

import uuid

import pytest

from coach.db.tables import Subject
from coach.domain.answers import Answer, Prompt
from coach.domain.errors import AttemptNotFound, FeedbackNotFound
from coach.providers.builtin import BuiltinProvider
from coach.services import feedback, socratic
from contracts.coach import FEEDBACK_TEXT_MAX_CHARS, FeedbackReady
from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from servicekit.auth import Principal

from .fakes import FakeUnitOfWork

OWNER = Principal(user_id="stu", role="student", jti="j", expires_at=0)


def _failed(**overrides: object) -> EvaluationCompleted:
    fields: dict[str, object] = {
        "evaluation_id": str(uuid.uuid4()),
        "submission_id": "sub-1",
        "attempt_id": "att-1",
        "user_id": "stu",
        "status": "succeeded",
        "verdict": "runtime_error",
        "summary": EvaluationSummary(passed=False, tests_passed=0, tests_total=2),
        "test_results": (
            TestOutcome(
                test_index=0,
                is_hidden=True,
                passed=False,
                verdict="wrong_answer",
                input="HIDDEN-IN",
                expected="HIDDEN-OUT",
                actual="?",
            ),
            TestOutcome(
                test_index=1,
                is_hidden=False,
                passed=False,
                verdict="runtime_error",
                input=[0],
                expected=1,
                actual=None,
                stderr='File "main.py", line 4, in solve\nZeroDivisionError: division by zero',
            ),
        ),
    }
    return EvaluationCompleted.model_validate({**fields, **overrides})


async def _prepare(uow: FakeUnitOfWork, event: EvaluationCompleted) -> object:
    return await feedback.prepare_feedback(
        uow=uow, provider=BuiltinProvider("m"), event=event, passages=3
    )


async def test_an_error_earns_an_explanation_with_its_line_and_the_visible_test() -> None:
    uow = FakeUnitOfWork()
    written = await _prepare(uow, _failed())
    assert written is not None
    row = uow.feedback.rows[0]
    assert row.type == "explanation"
    assert "Line 4 raised `ZeroDivisionError: division by zero`" in row.content
    assert "Test 2 failed (runtime_error): input `[0]`, expected `1`" in row.content
    assert "HIDDEN" not in row.content
    assert "HIDDEN" not in str(row.evidence)
    assert isinstance(uow.events[0], FeedbackReady)
    assert uow.events[0].target_id == "sub-1"


async def test_feedback_ready_carries_the_feedback_and_how_it_was_made() -> None:
    uow = FakeUnitOfWork()
    await _prepare(uow, _failed())
    [event], row = uow.events, uow.feedback.rows[0]
    assert isinstance(event, FeedbackReady)
    assert event.feedback is not None
    assert (event.feedback.type, event.feedback.text) == ("explanation", row.content)
    assert (event.feedback.provider, event.feedback.model) == (row.provider, "m")
    assert event.feedback.prompt_version == row.prompt_version
    assert event.feedback.truncated is False


class _Verbose:
    """A provider whose answer is longer than an event carries."""

    name, model = "verbose", "v1"

    async def answer(self, prompt: Prompt) -> Answer:
        return Answer(
            text="x" * (FEEDBACK_TEXT_MAX_CHARS + 10),
            provider=self.name,
            model=self.model,
            prompt_version="feedback.v1",
            latency_ms=1.0,
        )


async def test_feedback_ready_cuts_a_long_answer_to_its_bound_and_says_so() -> None:
    uow = FakeUnitOfWork()
    await feedback.prepare_feedback(uow=uow, provider=_Verbose(), event=_failed(), passages=3)
    [event] = uow.events
    assert isinstance(event, FeedbackReady)
    assert event.feedback is not None
    assert len(event.feedback.text) == FEEDBACK_TEXT_MAX_CHARS
    assert event.feedback.truncated is True
    assert len(uow.feedback.rows[0].content) == FEEDBACK_TEXT_MAX_CHARS + 10


async def test_feedback_is_written_once_per_submission() -> None:
    uow = FakeUnitOfWork()
    await _prepare(uow, _failed())
    assert await _prepare(uow, _failed()) is None
    assert len(uow.feedback.rows) == 1
    assert len(uow.events) == 1


async def test_passing_work_gets_a_review_and_scored_work_its_evidence() -> None:
    uow = FakeUnitOfWork()
    await _prepare(
        uow,
        _failed(
            verdict="accepted",
            kind="written",
            summary=EvaluationSummary(passed=True, tests_passed=0, tests_total=0),
            test_results=(),
            score=6.5,
            score_breakdown={"clarity": 8.0, "trade_off_reasoning": 5.0},
            feedback={"evidence": {"clarity": "clear sections"}, "concepts_missing": ["retention"]},
        ),
    )
    row = uow.feedback.rows[0]
    assert row.type == "review"
    assert "clarity: 8 (clear sections)." in row.content
    assert "Not yet covered: retention." in row.content


async def test_only_the_owner_their_professor_and_admins_read_feedback() -> None:
    uow = FakeUnitOfWork()
    await _prepare(uow, _failed())
    target = feedback.FeedbackTarget(submission_id="sub-1")
    assert await feedback.feedback_for(uow=uow, user=OWNER, target=target)
    admin = Principal(user_id="a", role="admin", jti="j", expires_at=0)
    assert await feedback.feedback_for(uow=uow, user=admin, target=target)
    professor = Principal(user_id="prof", role="professor", jti="j", expires_at=0)
    with pytest.raises(FeedbackNotFound):
        await feedback.feedback_for(uow=uow, user=professor, target=target)
    uow.catalogue.add_subject(Subject(id="s1", name="S", professor_id="prof"))
    await uow.catalogue.enrol(subject_id="s1", user_id="stu")
    assert await feedback.feedback_for(uow=uow, user=professor, target=target)


async def test_socratic_questions_cite_the_error_and_follow_the_answers() -> None:
    uow = FakeUnitOfWork()
    await _prepare(uow, _failed())
    opening = await socratic.socratic_dialogue(uow=uow, user=OWNER, attempt_id="att-1")
    assert "line 4" in opening.next_question
    assert "ZeroDivisionError" in opening.next_question
    after = await socratic.answer_socratic(uow=uow, user=OWNER, attempt_id="att-1", answer="n is 0")
    assert [t.role for t in after.turns] == ["coach", "learner"]
    assert "input `[0]`" in after.next_question
    other = Principal(user_id="x", role="student", jti="j", expires_at=0)
    with pytest.raises(AttemptNotFound):
        await socratic.socratic_dialogue(uow=uow, user=other, attempt_id="att-1")
