"""Prometheus metrics: RED per route template, consumer and outbox metrics, one registry per app."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ServiceMetrics:
    """The metrics every service exposes; services add their own to `registry`."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.service = service
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.consumed = Counter(
            "kafka_messages_consumed_total",
            "Messages handled by outcome",
            ["topic", "outcome"],
            registry=self.registry,
        )
        self.handler_latency = Histogram(
            "kafka_handler_duration_seconds",
            "Time to handle one message",
            ["topic"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.outbox_published = Counter(
            "outbox_published_total",
            "Events published by the outbox relay",
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "outbox_backlog",
            "Events committed but not yet published (parked dead letters not counted)",
            registry=self.registry,
        )
        self.outbox_dead_letters = Gauge(
            "outbox_dead_letters",
            "Outbox rows the relay gave up on, parked for an operator to re-drive",
            registry=self.registry,
        )

    def observe_message(self, topic: str, outcome: str, seconds: float) -> None:
        self.consumed.labels(topic, outcome).inc()
        self.handler_latency.labels(topic).observe(seconds)

    def observe_published(self, count: int) -> None:
        self.outbox_published.inc(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
