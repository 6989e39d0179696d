"""The coach's side of the wire for practice's tests: records what practice sends, answers as told.

Each coach adapter is rebuilt on a client whose transport is the test's handler, so the real
`CoachHttp` (token, deadline, refusals) runs on every call.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI

from practice.coach_http import CoachHttp

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]
Adapter = Callable[[CoachHttp, float], object]  # the coach client and its deadline


class CoachWire:
    def __init__(self, app: FastAPI, *, key: str, adapter: Adapter) -> None:
        self.app = app
        self.key = key
        self.adapter = adapter
        self.seen: list[httpx.Request] = []
        self.clients: list[httpx.AsyncClient] = []
        self.real = app.state.runtime.extras[key]  # main's, on the real client

    def answers_with(self, handler: Handler, *, deadline: float = 1.0) -> None:
        async def record(request: httpx.Request) -> httpx.Response:
            self.seen.append(request)
            response = handler(request)
            return await response if inspect.isawaitable(response) else response

        http = httpx.AsyncClient(transport=httpx.MockTransport(record))
        self.clients.append(http)
        coach = CoachHttp(http, base_url="http://coach", timeout_seconds=deadline)
        self.app.state.runtime.extras[self.key] = self.adapter(coach, deadline)

    def answering(self, body: dict[str, Any]) -> None:
        self.answers_with(lambda request: httpx.Response(200, json=body))

    def restore(self) -> None:
        """Main's adapter again: the real client on the configured coach URL."""
        self.app.state.runtime.extras[self.key] = self.real

    def sent(self, index: int = -1) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.seen[index].content)
        return body

    async def aclose(self) -> None:
        for http in self.clients:
            await http.aclose()
