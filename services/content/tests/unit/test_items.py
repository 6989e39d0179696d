from content.domain.items import Kind, filter_columns, learner_view, may_change, may_see_everything
from servicekit.auth import Principal


def principal(role: str = "student", user_id: str = "u1") -> Principal:
    return Principal(user_id=user_id, role=role, jti="j", expires_at=0)  # type: ignore[arg-type]


def test_the_learner_view_of_a_coding_problem_hides_answers() -> None:
    data = {
        "tests": [{"is_hidden": True}, {"is_hidden": False}],
        "hints": [{"level": "MICRO_EXAMPLE"}, {"level": "PATCH_SNIPPET"}],
        "reference_solutions": {"python": "x"},
        "generator": "def generate(n, seed): ...",
    }
    view = learner_view(Kind.CODING, data)
    assert view == {"tests": [{"is_hidden": False}], "hints": [{"level": "MICRO_EXAMPLE"}]}
    assert len(data["tests"]) == 2  # the stored item is untouched


def test_every_secret_field_is_hidden_per_kind() -> None:
    assert "correct_answer" not in learner_view(Kind.DRILL, {"correct_answer": "a"})
    assert "bug_lines" not in learner_view(Kind.BUG_HUNT, {"bug_lines": [3]})
    hidden = learner_view(Kind.DEBUG_LAB, {"solution": {}, "hidden_files": [], "title": "t"})
    assert hidden == {"title": "t"}


def test_authors_and_admins_see_everything_others_do_not() -> None:
    assert may_see_everything(principal("admin"), None)
    assert may_see_everything(principal("professor", "p1"), "p1")
    assert not may_see_everything(principal("professor", "p2"), "p1")
    assert not may_see_everything(None, "p1")
    assert may_change(principal("admin"), None)
    assert not may_change(principal("professor", "p1"), None)


def test_filter_columns_collect_tags_and_search_text() -> None:
    columns = filter_columns(
        {"title": "Graph Walk", "categories": ["Caching", "DB"], "description": "Walk it"}
    )
    assert columns["tags"] == ",caching,db,"
    assert "graph walk" in columns["search_text"]
