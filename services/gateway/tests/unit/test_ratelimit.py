import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from gateway.ratelimit import MemoryWindows, RateLimits

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


def test_design_chat_messages_are_limited_but_reading_the_chat_is_not() -> None:
    assert RateLimits.scope_of("POST", "/api/v1/design-sessions/s1/chat") == "chat"
    assert RateLimits.scope_of("GET", "/api/v1/design-sessions/s1/chat") is None


def test_feedback_on_a_response_is_not_counted_as_a_new_answer() -> None:
    assert RateLimits.scope_of("POST", "/api/v1/responses/r1/feedback") == "feedback"


async def test_a_spent_window_refuses_without_asking_the_store_again() -> None:
    limits = RateLimits({"runs": "2/minute"}, redis_url=None)
    decisions = [await limits.check("runs", user_id="u1", address="127.0.0.1") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]

    async def unreachable(*args: object, **kwargs: object) -> tuple[int, float]:
        raise AssertionError("a spent window must not cost a round trip")

    limits.windows.hit = unreachable  # type: ignore[method-assign]
    again = await limits.check("runs", user_id="u1", address="127.0.0.1")
    assert not again.allowed
    assert int(again.headers()["Retry-After"]) >= 1
    with pytest.raises(AssertionError):  # another user's window is still counted in the store
        await limits.check("runs", user_id="u2", address="127.0.0.1")


class FlakyWindows(MemoryWindows):
    """A shared store that can be switched off, as Redis going away."""

    def __init__(self) -> None:
        super().__init__()
        self.away = False

    async def hit(self, key: str, expiry_seconds: int) -> tuple[int, float]:
        if self.away:
            raise RedisConnectionError("Connection refused")
        return await super().hit(key, expiry_seconds)


async def test_while_the_shared_store_is_away_limits_are_counted_in_this_replica() -> None:
    limits = RateLimits({"runs": "2/minute"}, redis_url=None)
    limits.windows = shared = FlakyWindows()
    assert (await limits.check("runs", user_id="u1", address="a")).allowed
    shared.away = True
    during = [await limits.check("runs", user_id="u2", address="a") for _ in range(3)]
    assert [d.allowed for d in during] == [True, True, False]  # still limited, never an error
    shared.away = False
    back = await limits.check("runs", user_id="u1", address="a")
    assert (back.allowed, back.remaining) == (True, 0)  # the shared count goes on where it was
