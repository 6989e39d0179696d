"""Prometheus metrics: RED per route template, consumer and outbox metrics, one registry per app."""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ServiceMetrics:
    """The metrics every service exposes; services add their own to `registry`."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.service = service
        # What the default registry would have had: process_*, python_gc_*, python_info.
        ProcessCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
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
        self.consumer_lag = Gauge(
            "kafka_consumer_lag",
            "End offset minus the group's committed offset, per assigned partition",
            ["group", "topic", "partition"],
            registry=self.registry,
        )
        self._lag_labels: set[tuple[str, str, str]] = set()
        self.dead_letters = Counter(
            "kafka_dead_letters_total",
            "Messages published to <topic>.dlq, by the original topic",
            ["topic"],
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

        self.outbox_oldest_age = Gauge(
            "outbox_oldest_unpublished_age_seconds",
            "Age of the oldest outbox row waiting to be published; 0 when none waits",
            registry=self.registry,
        )

    def observe_message(self, topic: str, outcome: str, seconds: float) -> None:
        self.consumed.labels(topic, outcome).inc()
        self.handler_latency.labels(topic).observe(seconds)

    def observe_published(self, count: int) -> None:
        self.outbox_published.inc(count)

    def observe_dead_letter(self, topic: str) -> None:
        self.dead_letters.labels(topic).inc()

    def observe_outbox(self, *, backlog: int, dead_letters: int, oldest_age_seconds: float) -> None:
        self.outbox_backlog.set(backlog)
        self.outbox_dead_letters.set(dead_letters)
        self.outbox_oldest_age.set(oldest_age_seconds)

    def observe_lag(self, group: str, lags: Mapping[tuple[str, int], int]) -> None:
        """Set the lag of every partition the group holds now; forget those it gave up."""
        current = {(group, topic, str(partition)) for topic, partition in lags}
        for labels in self._lag_labels - current:
            if labels[0] == group:
                self.consumer_lag.remove(*labels)
        self._lag_labels = {labels for labels in self._lag_labels if labels[0] != group} | current
        for (topic, partition), lag in lags.items():
            self.consumer_lag.labels(group, topic, str(partition)).set(lag)

    def render(self) -> bytes:
        return generate_latest(self.registry)
