import pytest

from gateway.routing import resolve


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/api/v1/problems", "content"),
        ("/api/v1/problems/two-sum", "content"),
        ("/api/v1/problems/next", "practice"),
        ("/api/v1/problems/next/extra", "practice"),
        ("/api/v1/attempts/a1/submissions", "practice"),
        ("/api/v1/attempts/a1/pattern-discovery/start", "practice"),
        ("/api/v1/skills", "practice"),
        ("/api/v1/admin/users/u1/role", "identity"),
        ("/api/v1/admin/stats", "practice"),
        ("/api/v1/admin/generate/task", "coach"),
        ("/api/v1/bug-hunt/items/x", "content"),
        ("/api/v1/bug-hunt/attempts", "practice"),
        ("/api/v1/runs/trace", "evaluation"),
        ("/api/v1/drills", "content"),
        ("/api/v1/drills/spot-the-assumption", "content"),
        ("/api/v1/drills/next", "practice"),
        ("/api/v1/drills/answers", "practice"),
        ("/api/v1/drills/history", "practice"),
        ("/api/v1/drills/stats", "practice"),
        ("/api/v1/progress", "practice"),
        ("/api/v1/analytics/me", "practice"),
        ("/api/v1/professor/subjects/s1/analytics", "practice"),
    ],
)
def test_the_longest_prefix_owns_the_path(path: str, service: str) -> None:
    route = resolve(path)
    assert route is not None
    assert route.service == service


def test_prefixes_match_whole_segments_only() -> None:
    assert resolve("/api/v1/problemsets") is None
    assert resolve("/api/v1/authx/login") is None
    assert resolve("/api/v2/problems") is None


def test_metric_labels_are_bounded_by_prefix() -> None:
    route = resolve("/api/v1/attempts/123/submissions")
    assert route is not None
    assert route.template == "/api/v1/attempts/*"
