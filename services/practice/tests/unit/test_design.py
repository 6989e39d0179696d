import pytest

from practice.domain.design import (
    SessionAction,
    SessionStatus,
    after,
    diagram_hash,
    diagram_labels,
)
from practice.domain.errors import InvalidTransition


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("active", SessionAction.AUTOSAVE, SessionStatus.ACTIVE),
        ("active", SessionAction.PAUSE, SessionStatus.PAUSED),
        ("paused", SessionAction.RESUME, SessionStatus.ACTIVE),
        ("active", SessionAction.SUBMIT, SessionStatus.SUBMITTED),
        ("paused", SessionAction.SUBMIT, SessionStatus.SUBMITTED),
        ("active", SessionAction.ABANDON, SessionStatus.ABANDONED),
        ("paused", SessionAction.ABANDON, SessionStatus.ABANDONED),
        ("active", SessionAction.CHAT, SessionStatus.ACTIVE),
    ],
)
def test_allowed_session_transitions(
    status: str, action: SessionAction, expected: SessionStatus
) -> None:
    assert after(status, action) is expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("paused", SessionAction.AUTOSAVE),
        ("paused", SessionAction.PAUSE),
        ("active", SessionAction.RESUME),
        ("submitted", SessionAction.SUBMIT),
        ("submitted", SessionAction.ABANDON),
        ("abandoned", SessionAction.RESUME),
        ("abandoned", SessionAction.AUTOSAVE),
        ("paused", SessionAction.CHAT),
        ("submitted", SessionAction.CHAT),
    ],
)
def test_refused_session_transitions_are_invalid_state(status: str, action: SessionAction) -> None:
    with pytest.raises(InvalidTransition) as raised:
        after(status, action)
    assert (raised.value.status, raised.value.code) == (409, "INVALID_STATE")


def test_the_hash_ignores_key_order_but_not_content() -> None:
    diagram = {"nodes": [{"id": "1", "label": "LB"}], "appState": {"zoom": 1}}
    reordered = {"appState": {"zoom": 1}, "nodes": [{"label": "LB", "id": "1"}]}
    assert diagram_hash(diagram) == diagram_hash(reordered)
    assert diagram_hash(diagram) != diagram_hash({**diagram, "nodes": []})
    assert len(diagram_hash({})) == 64


def test_labels_are_found_at_any_depth_in_order_without_repeats() -> None:
    diagram = {
        "nodes": [
            {"id": "1", "type": "text", "data": {"label": " Load balancer "}},
            {"id": "2", "groups": [[{"text": "Cache"}]], "label": ""},
        ],
        "edges": [{"label": "reads"}, {"label": "Cache"}, {"label": 3}],
        "title": "not a label",
    }
    assert diagram_labels(diagram) == ["Load balancer", "Cache", "reads"]
    assert diagram_labels({}) == []


def test_a_very_deep_diagram_does_not_exhaust_recursion() -> None:
    deep: dict[str, object] = {"label": "bottom"}
    for _ in range(5000):
        deep = {"child": deep}
    assert diagram_labels(deep) == ["bottom"]
