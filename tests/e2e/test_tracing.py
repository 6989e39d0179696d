"""One submission is one trace: gateway → practice → evaluation → practice, seen by a collector.

The collector is a small OTLP/HTTP receiver in the test process; the services find it
through the standard OTEL_EXPORTER_OTLP_ENDPOINT, as they would find a real one.
"""

from __future__ import annotations

import gzip
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from servicekit.devstack import StackConfig

from .conftest import coding_attempt, stack_config, started
from .test_code_submission import reference_solution, submit

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class ReceivedSpan:
    trace_id: str
    service: str
    name: str  # an HTTP request's server span is named `server`, the rest by their own name


class Collector(ThreadingHTTPServer):
    """Accepts OTLP/HTTP protobuf exports on /v1/traces and keeps every span."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ExportHandler)
        self.spans: list[ReceivedSpan] = []
        self.lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def keep(self, request: ExportTraceServiceRequest) -> None:
        received = []
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                received += [
                    ReceivedSpan(
                        span.trace_id.hex(),
                        attributes.get("service.name", ""),
                        "server" if span.kind == Span.SPAN_KIND_SERVER else span.name,
                    )
                    for span in scope_spans.spans
                ]
        with self.lock:
            self.spans += received

    def in_trace(self, trace_id: str) -> list[ReceivedSpan]:
        with self.lock:
            return [span for span in self.spans if span.trace_id == trace_id]


class _ExportHandler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        if self.path != "/v1/traces":
            self.send_error(404)
            return
        self.server.keep(ExportTraceServiceRequest.FromString(body))
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output is for its own failures


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, collector: Collector
) -> Iterator[StackConfig]:
    """This module's own platform, exporting to the collector (overrides the shared one)."""
    config = stack_config(
        tmp_path_factory.mktemp("traced-platform"),
        OTEL_EXPORTER_OTLP_ENDPOINT=collector.endpoint,
        OTEL_BSP_SCHEDULE_DELAY="200",  # spans reach the collector within a fraction of a second
    )
    with started(config) as running:
        yield running


def test_one_submission_is_one_trace_across_the_four_hops(
    api: httpx.Client, learner: dict[str, str], collector: Collector
) -> None:
    attempt_id = coding_attempt(api, learner)
    trace_id = secrets.token_hex(16)
    traced = {**learner, "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}

    submission = submit(api, traced, attempt_id, reference_solution("python"))
    assert submission["verdict"] == "accepted"

    # The request through the gateway to practice, its event to evaluation's consumer and
    # judge, and the result event back to practice's consumer: all in the client's trace.
    expected = {
        ("gateway", "server"),
        ("practice", "server"),
        ("evaluation", "consume practice.submissions.v1"),
        ("evaluation", "judge run"),
        ("practice", "consume evaluation.results.v1"),
    }
    deadline = time.monotonic() + 30
    while not expected <= (seen := {(s.service, s.name) for s in collector.in_trace(trace_id)}):
        assert time.monotonic() < deadline, f"trace {trace_id} has only {sorted(seen)}"
        time.sleep(0.2)
