"""Whetstone's event contracts: the envelope and every event, as frozen data."""

from contracts.envelope import Envelope, Event, UnknownEventError, decode_payload, event_types
from contracts import catalog as _catalog  # noqa: E402,F401  registers every event model

__all__ = ["Envelope", "Event", "UnknownEventError", "decode_payload", "event_types"]
