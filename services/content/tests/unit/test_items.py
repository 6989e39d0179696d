import pytest

from content.domain.errors import InvalidItem
from content.domain.items import filter_columns, kind_to_create, may_change, may_see_everything
from contracts.catalogue import Kind, parse_item
from servicekit.auth import Principal

PROBLEMS = (Kind.CODING, Kind.SYSTEM_DESIGN)


def principal(role: str = "student", user_id: str = "u1") -> Principal:
    return Principal(user_id=user_id, role=role, jti="j", expires_at=0)  # type: ignore[arg-type]


def test_authors_and_admins_see_everything_others_do_not() -> None:
    assert may_see_everything(principal("admin"), None)
    assert may_see_everything(principal("professor", "p1"), "p1")
    assert not may_see_everything(principal("professor", "p2"), "p1")
    assert not may_see_everything(None, "p1")
    assert may_change(principal("admin"), None)
    assert not may_change(principal("professor", "p1"), None)


def test_filter_columns_collect_tags_and_search_text() -> None:
    item = parse_item(
        Kind.SYSTEM_DESIGN,
        {
            "id": "graph-walk",
            "title": "Graph Walk",
            "categories": ["Caching", "DB"],
            "description": "Walk it",
        },
    )
    columns = filter_columns(item)
    assert columns["tags"] == ",caching,db,"
    assert "graph walk" in columns["search_text"]


def test_a_problem_without_kind_is_a_design_problem_when_its_fields_say_so() -> None:
    assert kind_to_create({"requirements": [], "hints": []}, PROBLEMS) is Kind.SYSTEM_DESIGN
    assert kind_to_create({"requirements": [], "tests": []}, PROBLEMS) is Kind.CODING
    assert kind_to_create({"title": "t"}, PROBLEMS) is Kind.CODING
    assert kind_to_create({"kind": "system_design"}, PROBLEMS) is Kind.SYSTEM_DESIGN


def test_a_body_never_names_a_kind_of_another_resource() -> None:
    with pytest.raises(InvalidItem):
        kind_to_create({"kind": "subject"}, (Kind.BUG_HUNT,))
    assert kind_to_create({"title": "t"}, (Kind.BUG_HUNT,)) is Kind.BUG_HUNT
