"""The Kafka broker every service uses: creation, topics, publishing and subscribing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from faststream import AckPolicy, Context
from faststream.exceptions import IncorrectState
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from contracts.topics import dead_letter
from servicekit.errors import BrokerUnavailable
from servicekit.inbox import Delivery, Handler, IdempotentConsumer
from servicekit.outbox import Publish

if TYPE_CHECKING:
    from servicekit.settings import ServiceSettings

logger = logging.getLogger(__name__)
FETCH_MAX_WAIT_MS = 20


class Broker(KafkaBroker):
    """FastStream's Kafka broker, whose subscribers join their groups side by side.

    Each subscriber's start waits for its partitions; one after another, every join also
    rebalances the members that joined before it, so a service with five subscriptions took
    seconds to start.
    """

    async def start(self) -> None:
        await self.connect()
        await asyncio.gather(*(subscriber.start() for subscriber in self.subscribers))
        for publisher in self.publishers:
            await publisher.start()
        self.running = True


_SASL = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}


def broker_security(settings: ServiceSettings) -> BaseSecurity | None:
    """The broker's TLS and SASL settings as FastStream's security object; None for PLAINTEXT."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    context: ssl.SSLContext | None = None
    use_ssl = protocol in ("SSL", "SASL_SSL")
    if use_ssl:
        cafile = settings.kafka_ssl_cafile
        context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
        if settings.kafka_ssl_certfile is not None:
            context.load_cert_chain(
                str(settings.kafka_ssl_certfile), str(settings.kafka_ssl_keyfile or "")
            )
    if protocol == "SSL":
        return BaseSecurity(ssl_context=context, use_ssl=True)
    password = settings.kafka_sasl_password
    return _SASL[settings.kafka_sasl_mechanism](
        settings.kafka_sasl_username,
        password.get_secret_value() if password else "",
        ssl_context=context,
        use_ssl=use_ssl,
    )


def client_security(security: BaseSecurity | None) -> dict[str, Any]:
    """The same settings as keyword arguments for aiokafka's own clients (admin, readers)."""
    kwargs = parse_security(security)
    if kwargs.get("ssl_context") is None:
        kwargs.pop("ssl_context", None)
    return kwargs


def create_broker(
    bootstrap_servers: str, *, client_id: str, security: BaseSecurity | None = None
) -> KafkaBroker:
    # Tansu has no idempotent producer or transactions: keep both off (field notes). acks=all:
    # an event leaves the outbox only once every in-sync replica has it (min.insync.replicas).
    logger = logging.getLogger(f"{client_id}.broker")
    logger.setLevel(logging.WARNING)  # FastStream narrates every message at INFO
    return Broker(
        bootstrap_servers.split(","),
        client_id=client_id,
        enable_idempotence=False,
        acks="all",
        security=security,
        logger=logger,
        log_level=logging.DEBUG,
    )


def broker_publisher(broker: KafkaBroker) -> Publish:
    """Publish on `broker`; BrokerUnavailable (broker away) until it has started.

    FastStream raises IncorrectState on a broker that never started or has stopped; the
    relay would count that against the row. A half-started broker (its subscribers still
    joining) is not used either.
    """

    async def publish(topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
        if not broker.running:
            raise BrokerUnavailable()
        try:
            await broker.publish(value, topic=topic, key=key.encode(), headers=headers)
        except IncorrectState as exc:  # stopped while this publish was on its way
            raise BrokerUnavailable() from exc

    return publish


def with_dead_letters(topics: Iterable[str]) -> list[str]:
    return sorted({name for topic in topics for name in (topic, dead_letter(topic))})


async def missing_topics(admin: AIOKafkaAdminClient, names: Iterable[str]) -> list[str]:
    existing = set(await admin.list_topics())
    return [name for name in names if name not in existing]


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    partitions: int = 3,
    attempts: int = 30,
    replication_factor: int = 1,
    security: BaseSecurity | None = None,
) -> list[str]:
    """Create the topics (and their dead-letter topics) if missing; waits for the broker.

    Returns the names it created.
    """
    names = with_dead_letters(topics)
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(
            bootstrap_servers=bootstrap_servers.split(","), **client_security(security)
        )
        try:
            await admin.start()
            missing = await missing_topics(admin, names)
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):  # another service raced us
                    await admin.create_topics(
                        [
                            NewTopic(
                                name,
                                num_partitions=partitions,
                                replication_factor=replication_factor,
                            )
                            for name in missing
                        ]
                    )
            return missing
        except (KafkaError, OSError) as exc:
            if attempt == attempts:
                raise
            logger.info("waiting for the broker", extra={"attempt": attempt, "error": str(exc)})
            await asyncio.sleep(min(0.2 * attempt, 2.0))
        finally:
            await admin.close()
    return []


class TopicKeeper:
    """Keeps a service's topics in existence: a broker on memory storage restarts empty.

    Consumers rejoin and producers reconnect by themselves once the topics are back.
    """

    def __init__(
        self,
        bootstrap_servers: str,
        topics: Iterable[str],
        *,
        interval_seconds: float = 2.0,
        replication_factor: int = 1,
        security: BaseSecurity | None = None,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._topics = sorted(set(topics))
        self._interval_seconds = interval_seconds
        self._security = security
        self._replication_factor = replication_factor

    async def ensure(self, *, attempts: int = 30) -> list[str]:
        return await ensure_topics(
            self._bootstrap_servers,
            self._topics,
            attempts=attempts,
            replication_factor=self._replication_factor,
            security=self._security,
        )

    async def run(self) -> None:
        """Re-create lost topics until cancelled; an unreachable broker is tried again later."""
        while True:
            await asyncio.sleep(self._interval_seconds)
            try:
                if created := await self.ensure(attempts=1):
                    logger.warning("re-created topics the broker lost", extra={"topics": created})
            except (KafkaError, OSError) as exc:
                logger.debug("broker unreachable; topics not checked", extra={"error": str(exc)})

    async def check(self) -> None:
        """For /ready: every topic exists (the broker answers, and has not lost them)."""
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self._bootstrap_servers.split(","),
            **client_security(self._security),
        )
        try:
            await admin.start()
            if missing := await missing_topics(admin, with_dead_letters(self._topics)):
                raise ConnectionError(f"topics missing on the broker: {', '.join(missing)}")
        finally:
            await admin.close()


def subscribe(
    broker: KafkaBroker,
    *,
    topic: str,
    group_id: str,
    consumer: IdempotentConsumer,
    handler: Handler,
    session_timeout_ms: int = 10_000,
    admit: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Route `topic` through `consumer` into `handler`, committing only after success."""

    @broker.subscriber(
        topic,
        group_id=group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(100, session_timeout_ms // 3),
        # Tansu answers an empty fetch only when this runs out: keep the wait short.
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    async def on_message(message: KafkaMessage = Context("message")) -> None:
        raw = message.raw_message
        record = raw[0] if isinstance(raw, tuple) else raw
        headers = {key: value.decode() for key, value in (record.headers or ())}
        if admit is not None:
            await admit()
        await consumer.deliver(
            Delivery(topic, record.value or b"", headers, record.partition, record.offset),
            handler,
        )
