"""Events produced by coach on `coach.feedback.v1`."""

from __future__ import annotations

from typing import Literal

from contracts.envelope import Event
from contracts.topics import COACH_FEEDBACK


class FeedbackReady(Event):
    event_type = "coach.feedback_ready"
    event_version = 1
    topic = COACH_FEEDBACK

    feedback_id: str
    user_id: str
    target_type: Literal["attempt", "submission", "response", "design_session", "interview"]
    target_id: str

    def aggregate_key(self) -> str:
        return self.target_id
