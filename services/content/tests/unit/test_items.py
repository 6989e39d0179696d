from content.domain.items import filter_columns, may_change, may_see_everything
from servicekit.auth import Principal


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
    columns = filter_columns(
        {"title": "Graph Walk", "categories": ["Caching", "DB"], "description": "Walk it"}
    )
    assert columns["tags"] == ",caching,db,"
    assert "graph walk" in columns["search_text"]
