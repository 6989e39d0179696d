"""Feedback reuse across equivalent code: the representation and the use case."""

from __future__ import annotations

import uuid

from coach.domain.representation import representation
from coach.providers.builtin import BuiltinProvider
from coach.services import feedback
from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec

from .fakes import FakeUnitOfWork

ORIGINAL = '''
def two_sum(nums, target):
    """Indices of the two numbers that add up to target."""
    seen = {}
    for i, n in enumerate(nums):  # one pass
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
'''
RENAMED = """
def two_sum(values, goal):
    lookup = {}
    for index, value in enumerate(values):
        if goal - value in lookup:
            return [lookup[goal - value], index]

        lookup[value] = index
"""
DIFFERENT = ORIGINAL.replace("seen[n] = i", "seen[n] = i + 1")


def test_names_layout_comments_and_docstrings_do_not_change_the_representation() -> None:
    first = representation(ORIGINAL, "python", keep=("two_sum",))
    assert first is not None
    assert representation(RENAMED, "python", keep=("two_sum",)) == first
    assert representation(DIFFERENT, "python", keep=("two_sum",)) != first
    assert representation("def broken(:", "python") is None


def test_javascript_is_compared_by_its_tokens() -> None:
    one = "function twoSum(a, t) { // map\n  const m = new Map();\n  return m.get(t - a[0]); }"
    two = "function twoSum(xs,goal){/* lookup */const seen=new Map();return seen.get(goal-xs[0])}"
    three = one.replace("t - a[0]", "t + a[0]")
    first = representation(one, "javascript", keep=("twoSum",))
    assert representation(two, "javascript", keep=("twoSum",)) == first
    assert representation(three, "javascript", keep=("twoSum",)) != first


def _submitted(code: str) -> SubmissionCreated:
    return SubmissionCreated(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=str(uuid.uuid4()),
        language="python",
        code=code,
        problem=CodeProblemSpec(
            problem_id="two-sum",
            execution=ExecutionSpec(mode="function", entry_point="two_sum"),
            tests=(TestSpec(input=[[2, 7], 9], expected_output=[0, 1]),),
        ),
    )


def _evaluated(submission: SubmissionCreated, actual: object = None) -> EvaluationCompleted:
    return EvaluationCompleted(
        evaluation_id=str(uuid.uuid4()),
        submission_id=submission.submission_id,
        attempt_id=submission.attempt_id,
        user_id=submission.user_id,
        status="succeeded",
        verdict="wrong_answer",
        summary=EvaluationSummary(passed=False, tests_passed=0, tests_total=1),
        test_results=(
            TestOutcome(
                test_index=0,
                is_hidden=False,
                passed=False,
                verdict="wrong_answer",
                input=[[2, 7], 9],
                expected=[0, 1],
                actual=actual,
            ),
        ),
    )


async def _feedback_for(uow: FakeUnitOfWork, submission: SubmissionCreated, actual: object = None):  # type: ignore[no-untyped-def]
    await feedback.remember_submission(uow=uow, event=submission)
    return await feedback.prepare_feedback(
        uow=uow, provider=BuiltinProvider("m"), event=_evaluated(submission, actual), passages=3
    )


async def test_equivalent_code_with_the_same_outcome_reuses_the_first_feedback() -> None:
    uow = FakeUnitOfWork()
    first = await _feedback_for(uow, _submitted(ORIGINAL))
    second = await _feedback_for(uow, _submitted(RENAMED))
    assert first.reused_from is None
    assert second.reused_from == first.id
    assert second.content == first.content
    assert second.user_id != first.user_id
    assert len(uow.events) == 2, "each submission is still announced"


async def test_different_code_or_a_different_outcome_gets_its_own_feedback() -> None:
    uow = FakeUnitOfWork()
    await _feedback_for(uow, _submitted(ORIGINAL))
    assert (await _feedback_for(uow, _submitted(DIFFERENT))).reused_from is None
    assert (await _feedback_for(uow, _submitted(RENAMED), actual=[1, 1])).reused_from is None
    other_test = _submitted(RENAMED)
    await feedback.remember_submission(uow=uow, event=other_test)
    other_outcome = _evaluated(other_test).model_copy(
        update={"summary": EvaluationSummary(passed=False, tests_passed=1, tests_total=2)}
    )
    written = await feedback.prepare_feedback(
        uow=uow, provider=BuiltinProvider("m"), event=other_outcome, passages=3
    )
    assert written is not None
    assert written.reused_from is None
