"""What a learner may see of a catalogue item: never what the item is judged against."""

from __future__ import annotations

import copy
from typing import Any

# Mirrors content's rules, and hides a little more: a bug hunt's hint is shown only after
# a first wrong answer, and a debug lab's taxonomy is what its triage is scored against.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "coding": frozenset({"reference_solutions", "generator"}),
    "system_design": frozenset({"rubric"}),
    "task": frozenset({"expected_concepts"}),
    "bug_hunt": frozenset(
        {"bug_lines", "expected_concepts", "explanation", "fixed_code", "tests", "hint"}
    ),
    "debug_lab": frozenset(
        {
            "solution",
            "hidden_tests",
            "hidden_files",
            "expected_first_actions",
            "defect_category",
            "severity",
            "priority",
        }
    ),
}


def learner_view(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The item without anything that would give the answer away."""
    secret = SECRET_FIELDS.get(kind, frozenset())
    view = {k: copy.deepcopy(v) for k, v in data.items() if k not in secret}
    if kind == "coding":
        view["tests"] = [t for t in view.get("tests", []) if not t.get("is_hidden")]
        view["hints"] = [h for h in view.get("hints", []) if h.get("level") != "PATCH_SNIPPET"]
    return view
