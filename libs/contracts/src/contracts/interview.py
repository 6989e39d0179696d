"""Interview events on `interview.events.v1`, produced by practice and coach for the gateway."""

from __future__ import annotations

from typing import Any, Literal

from contracts.envelope import Event
from contracts.topics import INTERVIEW_EVENTS


class InterviewEvent(Event):
    event_type = "interview.interview_event"
    event_version = 1
    topic = INTERVIEW_EVENTS

    interview_id: str
    user_id: str
    type: Literal["question_presented", "answer_evaluated", "session_completed", "typing_indicator"]
    data: dict[str, Any]

    def aggregate_key(self) -> str:
        return self.interview_id
