"""The gateway traces HTTP calls, but not interview sockets nor each message a response sends."""

from __future__ import annotations

import contextlib

from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.config import Settings
from gateway.main import create_app


def test_http_calls_get_one_server_span_and_sockets_none() -> None:
    app = create_app(Settings(environment="test"))  # installs the process's tracer provider
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    spans = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    client = TestClient(app)  # no lifespan: no upstreams, the routes only answer errors

    client.get("/api/v1/problems/ping")
    server = [s for s in spans.get_finished_spans() if s.kind is trace.SpanKind.SERVER]
    assert len(server) == 1
    assert not [s for s in spans.get_finished_spans() if s.name.endswith(("send", "receive"))]

    spans.clear()
    # Refused or failed (no lifespan ran): only the spans matter here.
    for url in ("/api/v1/interviews/iv-1/ws", "/api/v1/interviews/iv-1/ws?access_token=x"):
        with contextlib.suppress(Exception), client.websocket_connect(url):
            pass
    assert spans.get_finished_spans() == ()
