"""The tutor's use cases on in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.domain.errors import NotEnrolled, SessionNotFound, TooManyMessages
from coach.providers.builtin import BuiltinProvider
from coach.services import tutor
from coach.services.catalogue import apply_content_change, record_enrolment
from contracts.content import ContentPublished, StudentEnrolled
from servicekit.auth import Principal
from servicekit.outbox import utcnow

from .fakes import FakeUnitOfWork

STUDENT = Principal(user_id="stu", role="student", jti="j", expires_at=0)
PROFESSOR = Principal(user_id="prof", role="professor", jti="j", expires_at=0)
LIMITS = tutor.ChatLimits(messages_per_minute=10, passages_per_answer=3)
GUIDE = "## Recursion\n\nA recursive function calls itself on a smaller input until a base case."
SOLUTION = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)  # the whole answer\n"


@pytest.fixture
async def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    subject = {"id": "s1", "name": "Programming", "guide": GUIDE, "professor_id": "prof"}
    await apply_content_change(
        uow=uow,
        event=ContentPublished(
            content_type="subject", content_id="s1", revision=1, item={**subject, "kind": "subject"}
        ),
    )
    fib = {
        "id": "fib",
        "kind": "coding",
        "title": "Fibonacci with recursion",
        "description": "Write a recursive function for the n-th Fibonacci number.",
        "execution": {"mode": "function", "entry_point": "fib"},
        "tests": [{"input": [3], "expected_output": 2}],
        "reference_solutions": {"python": SOLUTION},
    }
    await apply_content_change(
        uow=uow,
        event=ContentPublished(content_type="problem", content_id="fib", revision=1, item=fib),
    )
    await record_enrolment(uow=uow, event=StudentEnrolled(subject_id="s1", user_id="stu"))
    return uow


async def _send(
    uow: FakeUnitOfWork, message: str, user: Principal = STUDENT, **kw: object
) -> tutor.Reply:
    return await tutor.send_message(
        uow=uow,
        provider=BuiltinProvider("m"),
        user=user,
        subject_id="s1",
        message=message,
        session_id=kw.pop("session_id", None),  # type: ignore[arg-type]
        limits=LIMITS,
        **kw,  # type: ignore[arg-type]
    )


async def test_a_first_message_opens_a_session_and_cites_the_guide(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, "How does recursion work?")
    assert reply.session.title == "How does recursion work?"
    assert reply.message.citations[0]["heading"] == "Recursion"
    assert reply.message.provider == "builtin"
    assert reply.message.prompt_version == "tutor.v1"
    assert reply.session.message_count == 2
    assert uow.commits == 1


async def test_a_student_not_enrolled_is_refused(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotEnrolled):
        await _send(
            uow, "recursion", Principal(user_id="other", role="student", jti="j", expires_at=0)
        )


async def test_the_subjects_professor_may_chat_and_another_professor_may_not(
    uow: FakeUnitOfWork,
) -> None:
    await _send(uow, "recursion", PROFESSOR)
    with pytest.raises(NotEnrolled):
        await _send(
            uow, "recursion", Principal(user_id="p2", role="professor", jti="j", expires_at=0)
        )


async def test_another_users_session_is_missing(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, "recursion")
    with pytest.raises(SessionNotFound):
        await _send(uow, "recursion", PROFESSOR, session_id=reply.session.id)


async def test_the_eleventh_message_within_a_minute_is_limited(uow: FakeUnitOfWork) -> None:
    start = utcnow()
    for n in range(10):
        await _send(uow, "recursion", now=start + timedelta(seconds=n))
    with pytest.raises(TooManyMessages) as limited:
        await _send(uow, "recursion", now=start + timedelta(seconds=20))
    assert limited.value.headers["Retry-After"] == "40"
    await _send(uow, "recursion", now=start + timedelta(seconds=61))  # the oldest left the window


async def test_asking_for_the_solution_is_refused_with_guidance(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, "Just give me the code for the Fibonacci recursion problem")
    assert reply.message.refused
    assert "can't give you the solution" in reply.message.content
    assert "fib(n - 1)" not in reply.message.content


async def test_quoting_the_reference_solution_is_refused_too(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, f"Is this right for the Fibonacci recursion? {SOLUTION}")
    assert reply.message.refused


async def test_a_question_about_the_topic_is_not_refused(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, "What is a base case in recursion?")
    assert not reply.message.refused
    assert "can't give you" not in reply.message.content


async def test_the_owner_deletes_a_session(uow: FakeUnitOfWork) -> None:
    reply = await _send(uow, "recursion")
    await tutor.delete_session(uow=uow, user=STUDENT, session_id=reply.session.id)
    with pytest.raises(SessionNotFound):
        await tutor.session_with_messages(uow=uow, user=STUDENT, session_id=reply.session.id)
