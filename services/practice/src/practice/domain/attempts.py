"""The coding attempt's state machine (seed 001), kept free of I/O."""

from __future__ import annotations

from enum import StrEnum

from practice.domain.errors import InvalidTransition


class AttemptState(StrEnum):
    THINKING_GATE = "THINKING_GATE"
    CODING = "CODING"
    REFLECTION = "REFLECTION"
    SUCCESS_REFLECTION = "SUCCESS_REFLECTION"
    COMPLETED = "COMPLETED"
    ABANDONED = "ABANDONED"


class AttemptAction(StrEnum):
    CLEAR_GATE = "pass the thinking gate of"
    RETRY_GATE = "answer the thinking gate of"
    SUBMIT_CODE = "submit code to"
    CODE_FAILED = "fail"
    CODE_ACCEPTED = "accept"
    REFLECT = "reflect on"
    COMPLETE = "complete"
    TAKE_HINT = "take a hint on"
    ABANDON = "abandon"
    FACE_ADVERSARY = "face the adversary on"
    CHALLENGE_PATTERN = "challenge the pattern of"
    DISCOVER_PATTERN = "discover the pattern of"


FINISHED = frozenset({AttemptState.COMPLETED, AttemptState.ABANDONED})
ACTIVE = frozenset(AttemptState) - FINISHED
# Before the code is accepted the learner may still ask for help.
HELPABLE = frozenset({AttemptState.THINKING_GATE, AttemptState.CODING, AttemptState.REFLECTION})
_ONLY = frozenset[AttemptState]
# action -> (states it is allowed from, state it leads to; None keeps the state)
_TRANSITIONS: dict[AttemptAction, tuple[frozenset[AttemptState], AttemptState | None]] = {
    AttemptAction.CLEAR_GATE: (_ONLY({AttemptState.THINKING_GATE}), AttemptState.CODING),
    AttemptAction.RETRY_GATE: (_ONLY({AttemptState.THINKING_GATE}), None),
    AttemptAction.SUBMIT_CODE: (_ONLY({AttemptState.CODING}), None),
    AttemptAction.CODE_FAILED: (_ONLY({AttemptState.CODING}), AttemptState.REFLECTION),
    AttemptAction.CODE_ACCEPTED: (_ONLY({AttemptState.CODING}), AttemptState.SUCCESS_REFLECTION),
    AttemptAction.REFLECT: (_ONLY({AttemptState.REFLECTION}), AttemptState.CODING),
    AttemptAction.COMPLETE: (_ONLY({AttemptState.SUCCESS_REFLECTION}), AttemptState.COMPLETED),
    AttemptAction.TAKE_HINT: (HELPABLE, None),
    AttemptAction.ABANDON: (ACTIVE, AttemptState.ABANDONED),
    AttemptAction.FACE_ADVERSARY: (_ONLY({AttemptState.COMPLETED}), None),
    AttemptAction.CHALLENGE_PATTERN: (_ONLY({AttemptState.THINKING_GATE}), None),
    AttemptAction.DISCOVER_PATTERN: (_ONLY({AttemptState.THINKING_GATE}), None),
}


def after(state: str, action: AttemptAction) -> AttemptState:
    """The state `action` leads to, or InvalidTransition (409 INVALID_STATE) when not allowed."""
    current = AttemptState(state)
    allowed, target = _TRANSITIONS[action]
    if current not in allowed:
        raise InvalidTransition("coding attempt", action.value, current.value)
    return target or current


def is_active(state: str) -> bool:
    return AttemptState(state) in ACTIVE


def after_verdict(state: str, *, accepted: bool) -> AttemptState:
    """Where an attempt goes when a submission is judged; a late verdict changes nothing."""
    action = AttemptAction.CODE_ACCEPTED if accepted else AttemptAction.CODE_FAILED
    try:
        return after(state, action)
    except InvalidTransition:  # e.g. a second submission judged after the first moved it on
        return AttemptState(state)
