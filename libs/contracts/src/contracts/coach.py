"""Events produced by coach: feedback on `coach.feedback.v1`, generated items on
`coach.generation.v1`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import Drill, Task
from contracts.envelope import Event
from contracts.topics import COACH_FEEDBACK, COACH_GENERATION

# Enough for any answer the coach writes (its model answers are capped in tokens); longer
# text is cut with `truncated` set, so one event stays far below the broker's message limit.
FEEDBACK_TEXT_MAX_CHARS = 16_000

FeedbackType = Literal["hint", "explanation", "review", "guidance"]


class FeedbackContent(BaseModel):
    """The feedback itself and how it was made, so readers keep a copy without asking."""

    model_config = ConfigDict(frozen=True)

    type: FeedbackType
    text: str = Field(max_length=FEEDBACK_TEXT_MAX_CHARS)
    truncated: bool = False
    provider: str = Field(max_length=40)
    model: str = Field(max_length=200)
    prompt_version: str = Field(max_length=40)


class FeedbackReady(Event):
    event_type = "coach.feedback_ready"
    event_version = 1
    topic = COACH_FEEDBACK

    feedback_id: str
    user_id: str
    target_type: Literal["attempt", "submission", "response", "design_session", "interview"]
    target_id: str
    # Older producers send only the id; readers then have nothing to copy.
    feedback: FeedbackContent | None = None

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
