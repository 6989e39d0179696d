"""The envelope every event travels in, and the registry that decodes payloads."""

from __future__ import annotations

from abc import abstractmethod
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

_REGISTRY: dict[tuple[str, int], type[Event]] = {}


class UnknownEventError(LookupError):
    """No event model is registered for this `event_type` and `event_version`."""


class Event(BaseModel):
    """Base of every event payload; subclasses name their type, version and topic."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    topic: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event_type" in cls.__dict__:
            _REGISTRY[(cls.event_type, cls.event_version)] = cls

    @abstractmethod
    def aggregate_key(self) -> str:
        """The Kafka key that keeps one aggregate's events ordered."""


class Envelope(BaseModel):
    """Metadata around one event; `payload` is the event's JSON body."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    event_version: int = Field(ge=1)
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str
    key: str
    payload: dict[str, Any]

    @classmethod
    def wrap(cls, event: Event, *, producer: str) -> Envelope:
        return cls(
            event_type=event.event_type,
            event_version=event.event_version,
            producer=producer,
            key=event.aggregate_key(),
            payload=event.model_dump(mode="json"),
        )


def decode_payload(envelope: Envelope) -> Event:
    """Turn an envelope's payload into its typed event, or raise `UnknownEventError`."""
    model = _REGISTRY.get((envelope.event_type, envelope.event_version))
    if model is None:
        raise UnknownEventError(f"{envelope.event_type} v{envelope.event_version}")
    return model.model_validate(envelope.payload)


def event_types() -> dict[tuple[str, int], type[Event]]:
    """Every registered event model, keyed by type and version."""
    return dict(_REGISTRY)
