"""Reads the whole interview topic in this process and hands each event to the hub.

Every gateway process must see every event (its sockets may be any interview's), so the reader
joins no consumer group and starts at the end: what was published while no socket was open is
nobody's to receive.
"""

from __future__ import annotations

import json
import logging

from aiokafka import ConsumerRecord
from faststream.security import BaseSecurity
from pydantic import ValidationError

from contracts import Envelope, UnknownEventError, decode_payload
from contracts.interview import InterviewEvent
from contracts.topics import INTERVIEW_EVENTS
from gateway.fanout.hub import FanoutHub, Frame
from servicekit.topicreader import TopicReader

logger = logging.getLogger(__name__)


def frame_of(raw: bytes) -> tuple[InterviewEvent, Frame] | None:
    """The event in `raw` and the frame its owner's sockets get; None when it is not one."""
    try:
        envelope = Envelope.model_validate_json(raw)
        event = decode_payload(envelope)
    except (ValidationError, UnknownEventError, ValueError) as exc:
        logger.warning(
            "skipped a message that is not an interview event", extra={"error": str(exc)}
        )
        return None
    if not isinstance(event, InterviewEvent):
        return None
    body = event.model_dump(mode="json", include={"type", "data", "sequence"})
    body |= {
        "interview_id": event.interview_id,
        "event_id": str(envelope.event_id),
        "occurred_at": envelope.occurred_at.isoformat().replace("+00:00", "Z"),
    }
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return event, Frame(text, envelope.occurred_at.timestamp())


def interview_reader(
    bootstrap_servers: str, hub: FanoutHub, *, security: BaseSecurity | None = None
) -> TopicReader:
    """The reader that hands every interview event published from now on to `hub`."""

    def deliver(record: ConsumerRecord[bytes, bytes]) -> None:
        decoded = frame_of(record.value or b"")
        if decoded is not None:
            event, frame = decoded
            hub.publish(interview_id=event.interview_id, user_id=event.user_id, frame=frame)

    return TopicReader(
        bootstrap_servers,
        [INTERVIEW_EVENTS],
        deliver,
        from_beginning=False,
        client_id="gateway-fanout",
        security=security,
    )
