import pytest

from gateway.holds import WaitHolds, wait_seconds


@pytest.mark.parametrize(
    ("query", "seconds"),
    [
        ([], 0.0),
        ([("wait", "10")], 10.0),
        ([("wait", "1"), ("wait", "5")], 5.0),
        ([("wait", "999")], 30.0),
        ([("wait", "-3")], 0.0),
        ([("wait", "nan")], 0.0),
        ([("wait", "soon")], 0.0),
    ],
)
def test_the_wait_asked_for_is_read_within_the_contract(
    query: list[tuple[str, str]], seconds: float
) -> None:
    assert wait_seconds(query) == seconds


def test_a_user_beyond_their_share_is_passed_on_without_the_hold() -> None:
    holds = WaitHolds(per_user=1)
    asked = [("wait", "30"), ("x", "1")]
    with holds.admit("user:a", asked) as first:
        assert first == asked
        with holds.admit("user:a", asked) as second:
            assert second == [("x", "1")]
        with holds.admit("user:b", asked) as other:
            assert other == asked
    with holds.admit("user:a", asked) as again:
        assert again == asked  # the share is given back when a hold ends


def test_requests_without_a_wait_are_never_counted() -> None:
    holds = WaitHolds(per_user=0)
    with holds.admit("user:a", [("x", "1")]) as query:
        assert query == [("x", "1")]
