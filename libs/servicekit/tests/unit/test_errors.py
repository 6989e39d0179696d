import httpx
import pytest
from starlette.types import Receive, Scope, Send

from servicekit.errors import UnhandledErrorMiddleware


async def fails_before_answering(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("a bug")


async def fails_while_answering(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("a bug halfway")


def client_of(app: UnhandledErrorMiddleware) -> httpx.AsyncClient:
    # raise_app_exceptions: an exception that escapes the middleware fails the test
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_an_unhandled_error_is_answered_and_goes_no_further() -> None:
    async with client_of(UnhandledErrorMiddleware(fails_before_answering)) as client:
        answer = await client.get("/x")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "INTERNAL_ERROR"
    assert "a bug" not in answer.text


async def test_an_error_after_the_answer_began_still_ends_the_connection() -> None:
    async with client_of(UnhandledErrorMiddleware(fails_while_answering)) as client:
        with pytest.raises(RuntimeError, match="halfway"):
            await client.get("/x")
