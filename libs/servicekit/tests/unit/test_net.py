from starlette.requests import Request

from servicekit.net import client_address


def request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


def test_an_untrusted_peer_is_the_client_whatever_it_claims() -> None:
    assert client_address(request("203.0.113.5", "1.2.3.4"), {"127.0.0.1"}) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_counts() -> None:
    forged = request("127.0.0.1", "6.6.6.6, 198.51.100.7")
    assert client_address(forged, {"127.0.0.1"}) == "198.51.100.7"
    assert client_address(request("127.0.0.1"), {"127.0.0.1"}) == "127.0.0.1"
