"""What a learner may see of a catalogue item in practice: content's view, and a little less.

A bug hunt's hint is shown only after a first wrong answer, and a debug lab's taxonomy is
what its triage is scored against: both stay hidden until earned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts import visibility

EARNED_LATER: Mapping[str, frozenset[str]] = {
    "bug_hunt": frozenset({"hint"}),
    "debug_lab": frozenset({"defect_category", "severity", "priority"}),
}
SECRET_FIELDS: Mapping[str, frozenset[str]] = {
    kind: hidden | EARNED_LATER.get(kind, frozenset())
    for kind, hidden in visibility.HIDDEN_FROM_LEARNERS.items()
}


def learner_view(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The item without anything that would give the answer away."""
    return visibility.learner_view(kind, data, also_hide=EARNED_LATER.get(kind, ()))
