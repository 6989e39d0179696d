"""System-design sessions (seed 004): their state machine, diagram hashing and labels."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from practice.domain.errors import InvalidTransition


class SessionStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    SUBMITTED = "submitted"
    ABANDONED = "abandoned"


class SessionAction(StrEnum):
    AUTOSAVE = "autosave"
    PAUSE = "pause"
    RESUME = "resume"
    SUBMIT = "submit"
    ABANDON = "abandon"
    CHAT = "chat"


OPEN = frozenset({SessionStatus.ACTIVE, SessionStatus.PAUSED})
# action -> (statuses it is allowed from, status it leads to; None keeps the status)
_TRANSITIONS: dict[SessionAction, tuple[frozenset[SessionStatus], SessionStatus | None]] = {
    SessionAction.AUTOSAVE: (frozenset({SessionStatus.ACTIVE}), None),
    SessionAction.PAUSE: (frozenset({SessionStatus.ACTIVE}), SessionStatus.PAUSED),
    SessionAction.RESUME: (frozenset({SessionStatus.PAUSED}), SessionStatus.ACTIVE),
    SessionAction.SUBMIT: (OPEN, SessionStatus.SUBMITTED),
    SessionAction.ABANDON: (OPEN, SessionStatus.ABANDONED),
    SessionAction.CHAT: (frozenset({SessionStatus.ACTIVE}), None),
}
LABEL_KEYS = frozenset({"label", "text"})


def after(status: str, action: SessionAction) -> SessionStatus:
    """The status `action` leads to, or InvalidTransition when it is not allowed now."""
    current = SessionStatus(status)
    allowed, target = _TRANSITIONS[action]
    if current not in allowed:
        raise InvalidTransition("design session", action.value, current.value)
    return target or current


def diagram_hash(diagram: dict[str, Any]) -> str:
    """A stable fingerprint of the diagram: key order and spacing do not change it."""
    canonical = json.dumps(diagram, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class _Label(str):
    """A string found under a label key (other strings in the diagram are not labels)."""


def diagram_labels(diagram: Any) -> list[str]:
    """Every node or edge label and text in the diagram, in document order, without repeats."""
    found: dict[str, None] = {}
    stack: list[Any] = [diagram]  # explicit, so a deeply nested diagram cannot exhaust recursion
    while stack:
        value = stack.pop()
        if isinstance(value, _Label):
            if label := value.strip():
                found.setdefault(label)
        elif isinstance(value, dict):
            children = [
                _Label(child) if key in LABEL_KEYS and isinstance(child, str) else child
                for key, child in value.items()
            ]
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return list(found)
