import pytest

from gateway.ratelimit import RateLimits

JUDGE_WORK = [
    ("/api/v1/runs", "runs"),
    ("/api/v1/runs/trace", "runs"),
    ("/api/v1/attempts/a1/submissions", "runs"),
    ("/api/v1/debug-lab/attempts/a1/run-tests", "runs"),
    ("/api/v1/debug-lab/attempts/a1/submit", "runs"),
    ("/api/v1/responses", "answers"),
    ("/api/v1/responses/", "answers"),
    ("/api/v1/design-sessions/s1/submit", "answers"),
    ("/api/v1/bug-hunt/attempts/b1/submit", "answers"),
    ("/api/v1/debug-lab/attempts/a1/triage", "answers"),
]


@pytest.mark.parametrize(("path", "scope"), JUDGE_WORK)
def test_every_route_that_starts_judge_work_is_limited(path: str, scope: str) -> None:
    assert RateLimits.scope_of("POST", path) == scope


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/responses"),
        ("GET", "/api/v1/attempts/a1/submissions"),
        ("PUT", "/api/v1/design-sessions/s1/autosave"),
        ("POST", "/api/v1/design-sessions"),
        ("POST", "/api/v1/debug-lab/attempts"),
        ("POST", "/api/v1/attempts/a1/submissions/extra"),
    ],
)
def test_reads_and_starts_are_not_counted_as_judge_work(method: str, path: str) -> None:
    assert RateLimits.scope_of(method, path) is None


def test_feedback_on_a_response_is_not_counted_as_a_new_answer() -> None:
    assert RateLimits.scope_of("POST", "/api/v1/responses/r1/feedback") == "feedback"
