"""Tracing is configured by the standard OTEL_* variables only; unset, nothing is exported."""

from __future__ import annotations

import os

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from servicekit.telemetry import exporter_names, service_resource, span_exporters


def test_nothing_is_exported_when_no_variable_is_set() -> None:
    assert span_exporters({}) == []


def test_an_endpoint_alone_turns_on_otlp() -> None:
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}
    [exporter] = span_exporters(env)
    assert isinstance(exporter, OTLPSpanExporter)


def test_the_exporter_variable_decides_and_none_turns_it_off() -> None:
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "none"}
    assert exporter_names(env) == []
    [exporter] = span_exporters({"OTEL_TRACES_EXPORTER": "console"})
    assert isinstance(exporter, ConsoleSpanExporter)
    assert exporter_names({"OTEL_TRACES_EXPORTER": "otlp, console"}) == ["otlp", "console"]


def test_the_service_name_is_the_services_unless_the_environment_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.delenv("OTEL_RESOURCE_ATTRIBUTES", raising=False)
    assert service_resource("practice", os.environ).attributes["service.name"] == "practice"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "practice-eu")
    assert service_resource("practice", os.environ).attributes["service.name"] == "practice-eu"
    monkeypatch.delenv("OTEL_SERVICE_NAME")
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=practice-us,team=learn")
    resource = service_resource("practice", os.environ)
    assert resource.attributes["service.name"] == "practice-us"
