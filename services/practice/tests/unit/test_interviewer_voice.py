"""The coach as the interviewer's voice, on fakes: it speaks when it can, never scores."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from practice.api.schemas.interviews import AskedQuestion
from practice.domain.errors import CoachTimeout
from practice.domain.interview_scoring import Reply
from practice.services.interview_ports import InterviewTurn, VoicedReply

from .test_interview_use_cases import (
    BANK,
    GOOD,
    HASH,
    WEAK,
    FakeBank,
    FakeUnitOfWork,
    SilentVoice,
    answer,
    problem,
    start,
)

RECORD = {"provider": "builtin", "model": "m", "prompt_version": "interview.v1"}
SAYS = Reply("Good start: you said the hash picks a bucket.", "neutral", "What about collisions?")


@dataclass
class FakeVoice:
    """The coach's voice: answers as told, and checks nothing is left uncommitted when asked."""

    uow: FakeUnitOfWork
    says: Reply | None = SAYS  # None: the coach is late
    turns: list[InterviewTurn] = field(default_factory=list)
    events_when_asked: list[str] = field(default_factory=list)

    async def reply(self, turn: InterviewTurn, *, token: str) -> VoicedReply:
        assert token == "t"
        assert not self.uow._pending, "the coach is asked with nothing left uncommitted"
        self.turns.append(turn)
        self.events_when_asked = [e.type for e in self.uow.interview_events()]
        if self.says is None:
            raise CoachTimeout()
        return VoicedReply(self.says, RECORD)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(FakeBank(BANK, [problem("two-sum", "medium")]))


async def test_the_coach_speaks_after_the_typing_indicator_and_its_reply_is_kept(
    uow: FakeUnitOfWork,
) -> None:
    voice = FakeVoice(uow)
    answered = await answer(uow, await start(uow), GOOD, voice=voice)
    assert voice.events_when_asked == ["question_presented", "typing_indicator"]
    row = answered.row
    assert row.interviewer_source == "coach"
    assert (row.reply["content"], row.reply["sentiment"]) == (SAYS.content, "neutral")
    assert row.reply["record"] == RECORD
    assert answered.next_action.message == "What about collisions?"
    evaluated = uow.interview_events()[-1]
    assert evaluated.type == "answer_evaluated"
    assert evaluated.data["ai_response"]["content"] == SAYS.content
    assert evaluated.data["ai_response"]["interviewer_source"] == "coach"


async def test_the_coach_is_told_practices_scores_and_findings_and_cannot_change_them(
    uow: FakeUnitOfWork,
) -> None:
    silent = await answer(uow, await start(uow), GOOD)
    voice = FakeVoice(uow, says=Reply("Terrible.", "negative", None))
    voiced = await answer(uow, await start(uow), GOOD, voice=voice)
    assert voiced.row.scores == silent.row.scores  # the same answer, the same scores
    [turn] = voice.turns
    assert turn.scores.completeness == voiced.row.scores["completeness"]
    assert turn.answer == GOOD
    assert turn.key_points[0] == ("hash function", True)
    assert {text for text, _ in turn.key_points} == set(HASH.expected_concepts)
    assert turn.persona["name"]
    assert uow.interview_events()[-1].data["answer"]["scores"] == silent.row.scores


async def test_when_the_coach_fails_practices_own_reply_is_given(uow: FakeUnitOfWork) -> None:
    voice = FakeVoice(uow, says=None)
    answered = await answer(uow, await start(uow), WEAK, voice=voice)
    assert len(voice.turns) == 1
    assert answered.row.interviewer_source == "practice"
    assert answered.row.reply["content"].startswith("That does not really answer the question")
    assert "record" not in answered.row.reply
    kinds = [e.type for e in uow.interview_events()]
    assert kinds == ["question_presented", "typing_indicator", "answer_evaluated"]
    assert uow.interview_events()[-1].data["ai_response"]["interviewer_source"] == "practice"


async def test_a_repeated_answer_is_noted_for_the_coach(uow: FakeUnitOfWork) -> None:
    interview = await start(uow)
    await answer(uow, interview, GOOD, voice=SilentVoice())
    voice = FakeVoice(uow)
    await answer(uow, interview, GOOD, voice=voice)
    assert voice.turns[0].notes == ("repeated",)


async def test_replies_stored_before_the_coach_spoke_read_as_practices(uow: FakeUnitOfWork) -> None:
    answered = await answer(uow, await start(uow), GOOD)
    row = answered.row
    row.interviewer_source = None  # a row written before migration 0011's column
    shown = AskedQuestion.of(row).ai_response
    assert shown is not None
    assert shown.interviewer_source == "practice"
