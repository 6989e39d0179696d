"""Interview events on `interview.events.v1`, produced by practice and coach for the gateway.

One event per step of a mock interview. The gateway pushes `{"type", "data"}` of
each event, unchanged, to every open socket of `interview_id` whose owner is
`user_id` (the frame shape of seed 002's WebSocket). `data` is the step's public
view: what the owner may see, never the question bank's expected answers.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field, model_validator

from contracts.envelope import Event
from contracts.topics import INTERVIEW_EVENTS

InterviewEventType = Literal[
    "question_presented", "answer_evaluated", "session_completed", "typing_indicator"
]

MAX_DATA_BYTES = 64 * 1024


class InterviewEvent(Event):
    """One step of an interview, for its owner's sockets.

    `sequence` numbers the events of one interview from 1, so a client can order
    them and drop a redelivered one (delivery is at least once).
    """

    event_type = "interview.interview_event"
    event_version = 1
    topic = INTERVIEW_EVENTS

    interview_id: str = Field(min_length=1, max_length=64)
    user_id: str = Field(min_length=1, max_length=64)
    type: InterviewEventType
    data: dict[str, Any]
    sequence: int = Field(default=0, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _data_is_bounded(self) -> InterviewEvent:
        # ASCII-escaped JSON is never shorter than the UTF-8 the relay writes: an upper bound.
        size = len(json.dumps(self.data, separators=(",", ":"), default=str).encode())
        if size > MAX_DATA_BYTES:
            raise ValueError(f"data is {size} bytes encoded, more than {MAX_DATA_BYTES}")
        return self

    def aggregate_key(self) -> str:
        return self.interview_id
