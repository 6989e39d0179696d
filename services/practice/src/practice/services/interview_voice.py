"""The interviewer's voice (seed 002): practice scores an answer, the coach says the reply.

Practice's own reply is composed and stored with the answer first, so an answer never waits
on the coach to be complete; when the coach answers in time its words replace practice's,
and `interviewer_source` says who spoke. The scores are never the coach's to change.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any, Literal

from contracts.catalogue import Question
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.domain.errors import CoachUnavailable
from practice.domain.interview_scoring import Judgement, Reply
from practice.services.interview_ports import InterviewerVoice, InterviewTurn, VoicedReply

logger = logging.getLogger(__name__)
InterviewerSource = Literal["coach", "practice"]
# What the coach is told at most: its own bounds on an answer and on the follow-ups offered.
MAX_TURN_TEXT_CHARS = 20_000
MAX_FOLLOW_UPS = 5


def turn_for(
    interview: Interview,
    row: InterviewQuestion,
    question: Question | None,
    judgement: Judgement,
    spoken: str,
) -> InterviewTurn:
    """The coach's view of one scored answer: practice's findings, never its reference text."""
    concepts = question.expected_concepts if question is not None else ()
    follow_ups = tuple(question.follow_ups) if question is not None else ()
    if follow_ups:  # the same rotation practice's own reply uses
        start = row.position % len(follow_ups)
        follow_ups = follow_ups[start:] + follow_ups[:start]
    found = (("repeated", judgement.repeated), ("keywords_only", judgement.stuffed))
    return InterviewTurn(
        persona=dict(interview.interviewer),
        question=row.text[:MAX_TURN_TEXT_CHARS],
        question_type=row.type,
        difficulty=row.difficulty,
        key_points=tuple((c, c in judgement.covered) for c in concepts),
        follow_ups=tuple(text[:MAX_TURN_TEXT_CHARS] for text in follow_ups[:MAX_FOLLOW_UPS]),
        answer=spoken[:MAX_TURN_TEXT_CHARS],
        scores=judgement.scores,
        notes=tuple(name for name, yes in found if yes),
    )


async def ask_voice(
    voice: InterviewerVoice, turn: InterviewTurn, *, token: str
) -> VoicedReply | None:
    """The coach's reply, or None when it failed or was late (practice's reply stands then)."""
    try:
        return await voice.reply(turn, token=token)
    except CoachUnavailable as exc:
        logger.info("the interviewer's reply is practice's own: %s", exc.code)
        return None


def stored_reply(
    reply: Reply, *, response_id: str, record: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The reply as kept on the answer (and shown as `ai_response`)."""
    stored: dict[str, Any] = {"response_id": response_id, **asdict(reply)}
    stored["follow_up"] = reply.follow_up_question is not None
    if record is not None:
        stored["record"] = record  # how the coach made it: provider, model, prompt, cost
    return stored


def speak(row: InterviewQuestion, voiced: VoicedReply | None) -> None:
    """Put the coach's reply on the answer in place of practice's; without one, practice's stays."""
    if voiced is None:
        return
    response_id = str((row.reply or {}).get("response_id", ""))
    row.reply = stored_reply(voiced.reply, response_id=response_id, record=voiced.record)
    row.interviewer_source = "coach"
