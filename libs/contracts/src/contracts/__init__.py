"""Whetstone's event contracts: the envelope and every event, as frozen data."""

from contracts import catalog as _catalog  # noqa: F401  registers every event model
from contracts.envelope import Envelope, Event, UnknownEventError, decode_payload, event_types

__all__ = ["Envelope", "Event", "UnknownEventError", "decode_payload", "event_types"]
