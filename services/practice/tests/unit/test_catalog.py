import pytest

from practice.domain.catalog import SECRET_FIELDS, learner_view


@pytest.mark.parametrize("kind", sorted(SECRET_FIELDS))
def test_secret_fields_never_reach_learners(kind: str) -> None:
    item = {"id": "x", "title": "t", **{field: "secret" for field in SECRET_FIELDS[kind]}}
    view = learner_view(kind, item)
    assert view["title"] == "t"
    assert not SECRET_FIELDS[kind] & view.keys()


def test_debug_lab_items_keep_their_files_and_signals_but_not_the_answer() -> None:
    item = {
        "files": [{"path": "a.py", "content": "x", "editable": True}],
        "hidden_files": [{"path": "h.py", "content": "secret"}],
        "solution": {"explanation": "why", "files": {}},
        "signals": ["failing_tests"],
        "defect_category": "Functional",
    }
    view = learner_view("debug_lab", item)
    assert view == {"files": item["files"], "signals": ["failing_tests"]}
    view["files"][0]["content"] = "changed"
    assert item["files"][0]["content"] == "x"  # a copy, never the read model itself


def test_coding_problems_hide_hidden_tests_and_patch_hints() -> None:
    item = {
        "tests": [{"is_hidden": False}, {"is_hidden": True}],
        "hints": [{"level": "DIRECTIONAL_QUESTION"}, {"level": "PATCH_SNIPPET"}],
        "reference_solutions": {"python": "..."},
    }
    assert learner_view("coding", item) == {
        "tests": [{"is_hidden": False}],
        "hints": [{"level": "DIRECTIONAL_QUESTION"}],
    }
