"""The learner view of catalogue items, shared by content and practice."""

from contracts.visibility import learner_view


def test_the_learner_view_of_a_coding_problem_hides_answers() -> None:
    data = {
        "tests": [{"is_hidden": True}, {"is_hidden": False}],
        "hints": [{"level": "MICRO_EXAMPLE"}, {"level": "PATCH_SNIPPET"}],
        "reference_solutions": {"python": "x"},
        "generator": "def generate(n, seed): ...",
    }
    view = learner_view("coding", data)
    assert view == {"tests": [{"is_hidden": False}], "hints": [{"level": "MICRO_EXAMPLE"}]}
    assert len(data["tests"]) == 2  # the stored item is untouched


def test_every_secret_field_is_hidden_per_kind() -> None:
    assert "correct_answer" not in learner_view("drill", {"correct_answer": "a"})
    assert "bug_lines" not in learner_view("bug_hunt", {"bug_lines": [3]})
    hidden = learner_view("debug_lab", {"solution": {}, "hidden_files": [], "title": "t"})
    assert hidden == {"title": "t"}


def test_a_service_may_hide_more_but_never_less() -> None:
    item = {"hint": "look at the loop", "bug_lines": [3], "title": "t"}
    assert learner_view("bug_hunt", item, also_hide={"hint"}) == {"title": "t"}
