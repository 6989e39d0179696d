"""Events produced by coach: feedback on `coach.feedback.v1`, generated items on
`coach.generation.v1`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from contracts.catalogue.items import Drill, Task
from contracts.envelope import Event
from contracts.topics import COACH_FEEDBACK, COACH_GENERATION


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


GeneratedItem = Annotated[Task | Drill, Field(discriminator="kind")]


class ItemGenerated(Event):
    """Coach composed a catalogue item for a generation job; content decides whether to keep it."""

    event_type = "coach.item_generated"
    event_version = 1
    topic = COACH_GENERATION

    job_id: str = Field(max_length=36)
    item: GeneratedItem
    requested_by: str | None = Field(default=None, max_length=64)  # None: the schedule

    def aggregate_key(self) -> str:
        return self.job_id
