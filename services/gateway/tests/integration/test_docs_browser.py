"""The API reference as a person sees it: the gateway's `/docs` opened in headless Chromium."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from gateway.config import Settings
from gateway.main import create_app
from servicekit.testing.infra import free_port, wait_for_port

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--virtual-time-budget=15000",  # lets Swagger UI fetch and render the document
    "--dump-dom",
]


def catalogue_app() -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/questions", summary="List questions")
    async def questions() -> dict[str, list[str]]:
        return {"items": []}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


@contextlib.contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def gateway_url() -> Iterator[str]:
    dead = f"http://127.0.0.1:{free_port()}"
    with serve(catalogue_app()) as content:
        settings = Settings(
            content_url=content,
            identity_url=dead,
            practice_url=dead,
            evaluation_url=dead,
            coach_url=dead,
            environment="test",
        )
        with serve(create_app(settings)) as url:
            _wait_for_path(url, "/api/v1/questions")
            yield url


def _wait_for_path(url: str, path: str, timeout: float = 30.0) -> None:
    """The gateway merges the upstream's document in the background, soon after it starts."""
    deadline = time.monotonic() + timeout
    while path not in httpx.get(f"{url}/openapi.json").json()["paths"]:
        assert time.monotonic() < deadline, f"{path} never reached the merged document"
        time.sleep(0.1)


def rendered_dom(url: str) -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/install-system-packages.sh installs it)")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def test_docs_render_the_merged_openapi_31_document_offline(gateway_url: str) -> None:
    dom = rendered_dom(f"{gateway_url}/docs")
    assert "Unable to render" not in dom
    listed = set(re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', dom))
    assert listed == {"/api/v1/questions", "/health", "/ready", "/metrics"}
    assert "WebSocket: an interview's events" in dom
