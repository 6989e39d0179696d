"""The fan-out's Prometheus metrics: open sockets, deliveries, drops and delivery latency."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# From the event's publication to its frame written to the socket: milliseconds matter.
DELIVERY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)


class PrometheusFanoutMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.open = Gauge(
            "gateway_ws_open_sockets",
            "Interview WebSockets open in this process",
            registry=registry,
        )
        self.closes = Counter(
            "gateway_ws_closed_total",
            "Interview WebSockets closed, by reason",
            ["reason"],
            registry=registry,
        )
        self.deliveries = Counter(
            "gateway_ws_deliveries_total",
            "Event frames written to interview sockets",
            registry=registry,
        )
        self.drops = Counter(
            "gateway_ws_dropped_total",
            "Event frames not delivered, by reason",
            ["reason"],
            registry=registry,
        )
        self.latency = Histogram(
            "gateway_ws_delivery_latency_seconds",
            "From the event's occurred_at in its envelope to its frame written to a socket",
            buckets=DELIVERY_BUCKETS,
            registry=registry,
        )

    def opened(self) -> None:
        self.open.inc()

    def closed(self, reason: str) -> None:
        self.open.dec()
        self.closes.labels(reason).inc()

    def delivered(self, latency_seconds: float) -> None:
        self.deliveries.inc()
        self.latency.observe(max(0.0, latency_seconds))

    def dropped(self, reason: str) -> None:
        self.drops.labels(reason).inc()
