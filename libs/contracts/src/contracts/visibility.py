"""What a learner may see of a catalogue item: never what the item is judged against.

Content serves its catalogue with this view; practice, which keeps its own copy of the
items, serves the same view and may hide a little more (`also_hide`).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

# By item kind (content's `kind` field).
HIDDEN_FROM_LEARNERS: Mapping[str, frozenset[str]] = {
    "coding": frozenset({"reference_solutions", "generator"}),
    "system_design": frozenset({"rubric"}),
    "task": frozenset({"expected_concepts"}),
    "drill": frozenset({"correct_answer", "explanation"}),
    "question": frozenset({"expected_concepts"}),
    "bug_hunt": frozenset({"bug_lines", "expected_concepts", "explanation", "fixed_code", "tests"}),
    "debug_lab": frozenset({"solution", "hidden_tests", "hidden_files", "expected_first_actions"}),
}
PATCH_LEVEL = "PATCH_SNIPPET"  # the last rung of the hint ladder is bought, never shown


def learner_view(
    kind: str, data: Mapping[str, Any], *, also_hide: Collection[str] = ()
) -> dict[str, Any]:
    """A copy of the item without its answers, hidden tests or patch-level hints."""
    hidden = HIDDEN_FROM_LEARNERS.get(kind, frozenset()) | set(also_hide)
    view = {key: copy.deepcopy(value) for key, value in data.items() if key not in hidden}
    if kind == "coding":
        view["tests"] = [t for t in view.get("tests", []) if not t.get("is_hidden")]
        view["hints"] = [h for h in view.get("hints", []) if h.get("level") != PATCH_LEVEL]
    return view
