"""OpenTelemetry tracing: one tracer provider per process, traces follow HTTP and Kafka hops.

Exporting is configured only by the standard `OTEL_*` variables; with none of them set
nothing leaves the process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx
from fastapi import FastAPI
from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
_ENDPOINTS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def configure_tracing(service: str) -> None:
    """Install the provider once; spans are exported only when an exporter is configured."""
    os.environ.setdefault("OTEL_SEMCONV_STABILITY_OPT_IN", "http")
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    # The sampler (OTEL_TRACES_SAMPLER) and the batch processor (OTEL_BSP_*) read theirs too.
    provider = TracerProvider(resource=service_resource(service, os.environ))
    for exporter in span_exporters(os.environ):
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)


def service_resource(service: str, env: Mapping[str, str]) -> Resource:
    """`service.name` is the service's own unless OTEL_SERVICE_NAME or the attributes name one."""
    named = env.get("OTEL_SERVICE_NAME") or "service.name=" in env.get(
        "OTEL_RESOURCE_ATTRIBUTES", ""
    )
    return Resource.create({} if named else {"service.name": service})


def exporter_names(env: Mapping[str, str]) -> list[str]:
    """OTEL_TRACES_EXPORTER, or `otlp` when only an endpoint is given, or nothing."""
    configured = env.get("OTEL_TRACES_EXPORTER", "").strip()
    if not configured:
        return ["otlp"] if any(env.get(name) for name in _ENDPOINTS) else []
    names = [name.strip().lower() for name in configured.split(",") if name.strip()]
    return [name for name in names if name != "none"]


def span_exporters(env: Mapping[str, str]) -> list[SpanExporter]:
    exporters: list[SpanExporter] = []
    for name in exporter_names(env):
        if name == "console":
            exporters.append(ConsoleSpanExporter())
        elif name == "otlp":
            exporters.append(_otlp_exporter(env))
        else:
            logger.warning("unknown OTEL_TRACES_EXPORTER ignored", extra={"exporter": name})
    return exporters


def _otlp_exporter(env: Mapping[str, str]) -> SpanExporter:
    # The exporter reads the endpoint, headers, timeout and compression from the environment.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if protocol != "http/protobuf":
        logger.warning("only OTLP over http/protobuf is built in", extra={"protocol": protocol})
    return OTLPSpanExporter()


def inject_trace_headers(request: httpx.Request) -> None:
    """An httpx request hook: the call to another service continues the current trace."""
    propagate.inject(request.headers)


@contextmanager
def continue_trace(
    headers: Mapping[str, str],
    name: str,
    *,
    kind: trace.SpanKind = trace.SpanKind.INTERNAL,
    attributes: Mapping[str, str] | None = None,
) -> Iterator[trace.Span]:
    """A span that continues the trace whose W3C headers were carried here (a message, a row)."""
    token = context.attach(propagate.extract(dict(headers)))
    try:
        with tracer.start_as_current_span(name, kind=kind, attributes=attributes) as span:
            yield span
    finally:
        context.detach(token)


UNTRACED_URLS = r"health,ready,metrics,/ws(\?|$)"


def instrument_app(app: FastAPI) -> None:
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    # No span for a socket (open for up to an hour) nor per ASGI message: the span per frame
    # sent was a third of the gateway's CPU per interview-event delivery.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=UNTRACED_URLS, exclude_spans=["receive", "send"]
    )
