"""The built-in provider's tasks: topics for each track, and the products they are set in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.catalogue.vocabulary import TaskDifficulty, Track


@dataclass(frozen=True)
class Product:
    business: str  # "bike-sharing company"
    product: str  # "rental app"
    rps: int  # peak requests per second
    users: int  # daily active users

    def numbers(self) -> dict[str, Any]:
        return {
            "business": self.business,
            "product": self.product,
            "rps": f"{self.rps:,}",
            "users": f"{self.users:,}",
            "rps3": f"{self.rps * 3:,}",
            "daily": f"{self.rps * 20_000:,}",
        }


PRODUCTS = (
    Product("bike-sharing company", "rental app", 1_200, 180_000),
    Product("grocery delivery company", "ordering app", 2_500, 400_000),
    Product("regional bank", "mobile banking app", 3_000, 900_000),
    Product("concert ticketing site", "checkout", 6_000, 250_000),
    Product("hospital network", "patient portal", 800, 120_000),
    Product("online learning platform", "course player", 4_000, 600_000),
    Product("ride-hailing startup", "dispatch API", 5_000, 350_000),
    Product("logistics firm", "parcel-tracking API", 2_000, 500_000),
)


@dataclass(frozen=True)
class TaskTopic:
    title: str
    description: str
    scenario: str
    prompts: tuple[str, str, str, str]  # assumptions, architecture, trade-offs, failures
    concepts: tuple[str, ...]
    tags: tuple[str, ...]


DEPTH: dict[TaskDifficulty, tuple[int, str]] = {
    "beginner": (20, "Keep the first version simple: one region and the team you have."),
    "intermediate": (30, "The design has to hold at three times today's peak without a rewrite."),
    "advanced": (
        45,
        "It must also survive the loss of a whole availability zone at peak, and the team "
        "wants the cost of that resilience stated, not assumed.",
    ),
}

TASK_TOPICS: dict[Track, tuple[TaskTopic, ...]] = {
    "backend": (
        TaskTopic(
            "Safe Retries for Payments",
            "Make the {product}'s payment endpoint safe to retry after client timeouts.",
            "The {business}'s {product} charges customers through `POST /payments`, which "
            "calls a card processor and then records the payment. At peak it takes {rps} "
            "requests/s; clients time out after 5 seconds and retry twice. Finance reports a "
            "few hundred double charges a week, mostly from customers on poor mobile "
            "connections. The processor accepts an idempotency key and keeps it for 24 hours.",
            (
                "What do you assume about how and when clients retry, and what the processor "
                "guarantees?",
                "How do client and server recognise a repeated request? Describe what is "
                "stored, where, and the handler's steps.",
                "Where should the duplicate check live, how long are keys kept, and what does "
                "that cost in latency and storage?",
                "Walk through two identical requests arriving 50 ms apart on different "
                "servers, and a crash after the charge but before the record is written.",
            ),
            ("idempotency key", "unique constraint", "retry", "race condition", "timeout"),
            ("idempotency", "payments", "retries"),
        ),
        TaskTopic(
            "Rate Limiting a Public API",
            "Protect the {product}'s public API from clients that send too many requests.",
            "The {business} opened its {product} API to partners. Normal traffic peaks at "
            "{rps} requests/s across 8 stateless servers behind a load balancer, but last "
            "month one partner's bug sent 40 times its usual volume for an hour and slowed "
            "every other client. Partners have contracts with different request quotas, and "
            "the API must tell a throttled client when to come back.",
            (
                "What do you assume about partners' traffic shapes, bursts and quotas?",
                "Where are limits counted and enforced, with which algorithm and which "
                "shared state?",
                "How do you trade accuracy of the count against latency and the cost of a "
                "shared store?",
                "What happens when the counter store is slow or down, or a partner spreads "
                "requests over many keys?",
            ),
            ("token bucket", "sliding window", "429", "retry-after", "shared counter"),
            ("rate limiting", "api", "multi-tenant"),
        ),
        TaskTopic(
            "Moving Slow Work Off the Request Path",
            "Stop slow side effects from making the {product}'s sign-up requests time out.",
            "Signing up in the {business}'s {product} creates the account, sends a welcome "
            "email, registers the user with the analytics vendor and generates an avatar, all "
            "inside the HTTP request. The median sign-up takes 2.8 s and the slowest 1% time "
            "out when the email provider is slow; at {rps} requests/s the web workers fill up "
            "and unrelated pages slow down.",
            (
                "What do you assume about which steps must finish before the user sees success?",
                "How would you split the work between the request and background "
                "processing, and what carries it between them?",
                "What do you gain and lose with a queue compared to doing the work inline?",
                "What happens when a background step fails repeatedly, or the queue backs up "
                "for an hour?",
            ),
            ("queue", "outbox", "at-least-once", "idempotent consumer", "dead-letter queue"),
            ("async", "queues", "latency"),
        ),
        TaskTopic(
            "Caching Hot Reads",
            "Cut the database load of the {product}'s most read pages with a cache.",
            "The {business}'s {product} serves {rps} requests/s at peak and 85% of them read "
            "the same few thousand records, each changing a few times an hour. The database "
            "primary runs at 80% CPU at peak and adding replicas has reached its limit. The "
            "product team accepts data up to 30 seconds old on listing pages but not on "
            "anything involving money.",
            (
                "What do you assume about read and write patterns and how stale data may be?",
                "Where does the cache sit, what is its key, and how are entries filled and "
                "invalidated?",
                "How do you choose expiry times, and what does consistency cost you here?",
                "What happens when the cache restarts empty at peak, or a popular key "
                "expires under load?",
            ),
            ("cache-aside", "ttl", "invalidation", "stampede", "hit rate"),
            ("caching", "databases", "performance"),
        ),
        TaskTopic(
            "Splitting a Growing Table",
            "Keep the {product}'s largest table fast as it grows past a billion rows.",
            "The {business}'s {product} writes every event to one PostgreSQL table that "
            "grows by 40 million rows a month and now holds 900 million. Queries for one "
            "customer's last 30 days take 4 seconds at peak, vacuum runs all night, and a "
            "backup restore took 11 hours in the last drill. The product must keep two years "
            "of history online for {users} daily users.",
            (
                "What do you assume about access patterns, retention and growth?",
                "How would you partition or split the data, and how do queries find it?",
                "What does your scheme cost in complexity, cross-partition queries and migrations?",
                "How do you move the existing data without downtime, and what if the "
                "migration fails halfway?",
            ),
            ("partitioning", "index", "retention", "online migration", "backfill"),
            ("databases", "scaling", "migrations"),
        ),
    ),
    "frontend": (
        TaskTopic(
            "Search Box Without a Request Flood",
            "Make the {product}'s search-as-you-type fast for users and kind to the API.",
            "The {business}'s {product} sends a search request on every keystroke. At peak "
            "that is {rps} requests/s, most of them for prefixes nobody reads, and answers "
            "sometimes arrive out of order so the list shows results for an older query. "
            "Users on slow phones complain that typing lags.",
            (
                "What do you assume about typing speed, network latency and the API's limits?",
                "How would the client decide when to send, what to keep, and which answer to show?",
                "How do debounce delay, caching and prefetching trade responsiveness against load?",
                "What happens with a slow network, an answer that never comes, or an error "
                "mid-typing?",
            ),
            ("debounce", "cancellation", "race condition", "client cache", "abort controller"),
            ("frontend", "search", "performance"),
        ),
        TaskTopic(
            "Offline-First Forms",
            "Let the {product}'s users fill in forms without a connection and sync later.",
            "Field staff of the {business} use the {product} where the signal drops for "
            "minutes at a time. Today a form submitted offline is lost, and staff retype "
            "work. Forms hold text and photos of up to 5 MB, and two people sometimes edit "
            "the same record on different devices.",
            (
                "What do you assume about connectivity, device storage and who edits what?",
                "Where are drafts stored, how are they queued, and how does syncing work?",
                "How do you resolve conflicting edits, and what does each choice cost users?",
                "What happens when storage is full, a sync is interrupted, or the server "
                "rejects a queued change?",
            ),
            ("service worker", "indexeddb", "sync queue", "conflict resolution", "retry"),
            ("frontend", "offline", "sync"),
        ),
        TaskTopic(
            "A Live Dashboard That Stays Responsive",
            "Show the {product}'s live figures without freezing the browser.",
            "Operators of the {business} watch a dashboard of the {product} that receives "
            "up to 200 updates a second over a WebSocket and redraws a table of 5,000 rows "
            "and four charts on each one. After an hour the tab uses 2 GB of memory and "
            "clicks take a second to register.",
            (
                "What do you assume about update rates, what operators need to see and "
                "their machines?",
                "How would you receive, batch and render updates?",
                "How do you trade freshness of the numbers against smoothness and memory?",
                "What happens when the connection drops, updates burst, or the tab sleeps "
                "in the background?",
            ),
            ("batching", "virtualised list", "requestanimationframe", "backpressure", "reconnect"),
            ("frontend", "real-time", "performance"),
        ),
        TaskTopic(
            "Shipping a Smaller First Load",
            "Cut the {product}'s first load time on mid-range phones.",
            "The {business}'s {product} ships 3.4 MB of JavaScript on first load; on a "
            "mid-range phone over 4G the first interaction is possible after 9 seconds, and "
            "the analytics show a third of new visitors leave before that. The bundle "
            "contains three charting libraries and every page of the app.",
            (
                "What do you assume about users' devices, networks and which pages matter first?",
                "How would you split, load and cache the code and data of the first screen?",
                "What do code splitting, server rendering and caching cost in complexity?",
                "What happens when a lazily loaded chunk fails to load, or a deploy changes "
                "chunk names mid-session?",
            ),
            ("code splitting", "lazy loading", "caching", "core web vitals", "server rendering"),
            ("frontend", "performance", "bundling"),
        ),
        TaskTopic(
            "Optimistic Updates That Can Be Undone",
            "Make the {product} feel instant while the server confirms each change.",
            "In the {business}'s {product}, every change waits for the server before the "
            "screen updates, which takes 600 ms at the median and 3 s on poor connections. "
            "The team wants changes to appear at once, but some are refused by the server "
            "(stock ran out, a permission changed) and users must not be misled.",
            (
                "What do you assume about how often the server refuses a change and why?",
                "How would the client apply, track and confirm or roll back changes?",
                "Which changes deserve optimistic updates, and what does rolling back cost users?",
                "What happens with two quick changes to the same item, a lost answer, or a "
                "refusal after the user moved on?",
            ),
            ("optimistic update", "rollback", "idempotency", "conflict", "pending state"),
            ("frontend", "ux", "state"),
        ),
    ),
    "systems": (
        TaskTopic(
            "Zero-Downtime Deploys",
            "Deploy the {product} without dropping requests.",
            "Every deploy of the {business}'s {product} causes about a minute of 502 errors. "
            "The service runs on 10 instances behind a load balancer with health checks "
            "every 10 seconds; at peak it serves {rps} requests/s and some requests take up "
            "to 20 seconds. The team deploys five times a day.",
            (
                "What do you assume about the load balancer, health checks and request lengths?",
                "How would instances be drained, replaced and checked during a deploy?",
                "What do rolling, blue-green and canary deploys cost in capacity and complexity?",
                "What happens when a new version fails its health check halfway through, or "
                "a long request outlives the drain timeout?",
            ),
            ("connection draining", "readiness probe", "rolling deploy", "graceful shutdown"),
            ("deploys", "reliability", "load balancing"),
        ),
        TaskTopic(
            "Surviving a Full Disk",
            "Keep the {product}'s servers running when logs fill their disks.",
            "Last week a {product} server of the {business} stopped accepting requests when "
            "its 100 GB disk filled with application logs; it took two hours to notice. "
            "Logs grow by 30 GB a day at peak traffic of {rps} requests/s, and the security "
            "team needs 90 days of them kept somewhere.",
            (
                "What do you assume about log volume, retention rules and who reads the logs?",
                "How are logs rotated, shipped and stored, and how is disk use watched?",
                "What do local retention, sampling and central storage cost?",
                "What happens when the log shipper is down for a day, or a bug logs a "
                "stack trace per request?",
            ),
            ("log rotation", "alerting", "retention", "backpressure", "sampling"),
            ("operations", "logging", "capacity"),
        ),
        TaskTopic(
            "Failing Over to a Second Region",
            "Keep the {product} available when its primary region goes down.",
            "The {business}'s {product} runs in one cloud region. A four-hour regional outage "
            "last year cost a day of revenue, and the board now asks for recovery within 15 "
            "minutes. The service has {users} daily users, a PostgreSQL database of 2 TB, "
            "and object storage for uploads.",
            (
                "What do you assume about acceptable data loss, recovery time and budget?",
                "How would data be replicated, traffic be moved and the second region be "
                "kept ready?",
                "What do active-passive and active-active cost in money, latency and consistency?",
                "What happens in a partial outage, a failover that goes wrong, or when the "
                "first region comes back?",
            ),
            ("rpo", "rto", "replication", "dns failover", "split brain"),
            ("disaster recovery", "multi-region", "reliability"),
        ),
        TaskTopic(
            "Isolating a Noisy Neighbour",
            "Stop one heavy tenant from slowing the {product} for everyone else.",
            "The {business} hosts many customers on shared {product} servers and one shared "
            "database. One customer's nightly export now runs for three hours and pushes "
            "everyone's p99 latency from 200 ms to 4 s. The business cannot afford dedicated "
            "servers for each of its 2,000 customers.",
            (
                "What do you assume about tenants' sizes, load patterns and contracts?",
                "How would you limit, schedule or separate tenants' work?",
                "What do quotas, separate pools and dedicated resources cost?",
                "What happens when a limited tenant's work piles up, or a small tenant "
                "suddenly grows?",
            ),
            ("multi-tenancy", "quotas", "bulkhead", "connection pool", "fair scheduling"),
            ("multi-tenant", "isolation", "databases"),
        ),
        TaskTopic(
            "Capacity Planning for a Launch",
            "Prepare the {product} for a launch that may bring five times the usual traffic.",
            "The {business} is launching a campaign that marketing expects to bring up to "
            "five times the usual peak of {rps} requests/s to the {product} for three days. "
            "The service autoscales its web tier but not its database, cache or queue "
            "workers, and nobody has load tested it above twice the peak.",
            (
                "What do you assume about the traffic's shape and which features it uses?",
                "How would you find the limits of each component and plan capacity?",
                "What does over-provisioning cost compared with shedding load or queueing?",
                "What happens when the estimate is wrong by a factor of two, or autoscaling "
                "lags a sudden spike?",
            ),
            ("load testing", "bottleneck", "autoscaling", "load shedding", "headroom"),
            ("capacity", "scaling", "launch"),
        ),
    ),
    "data": (
        TaskTopic(
            "Exactly-Once Daily Imports",
            "Make the {product}'s nightly import safe to rerun without double counting.",
            "Each night the {business} imports the day's {product} records from CSV files "
            "dropped into object storage. When the job failed halfway last month and was "
            "rerun, revenue was double counted in every report for a week. Files arrive late "
            "or twice now and then, and a day holds about {daily} records.",
            (
                "What do you assume about how files arrive, their names and their contents?",
                "How would the import load, deduplicate and publish each day's data?",
                "What do idempotent loads cost in storage and run time?",
                "What happens when a file arrives twice, a rerun overlaps a running job, or "
                "a file is corrected after loading?",
            ),
            ("idempotent load", "staging table", "deduplication", "watermark", "atomic swap"),
            ("batch", "etl", "data quality"),
        ),
        TaskTopic(
            "Streaming Features for Fraud Checks",
            "Compute the {product}'s fraud features from live events within seconds.",
            "The {business} scores every {product} transaction for fraud, using features "
            "like 'transactions by this card in the last 10 minutes'. Features are computed "
            "by a nightly batch, so new fraud patterns go unseen for a day. Events arrive at "
            "up to {rps} a second, sometimes late and out of order.",
            (
                "What do you assume about event order, lateness and how fresh features must be?",
                "How would events be processed, windowed and served to the scoring service?",
                "What do event-time windows and state stores cost compared with the batch?",
                "What happens when events arrive an hour late, the stream processor "
                "restarts, or a key gets very hot?",
            ),
            ("event time", "windowing", "watermark", "state store", "exactly-once"),
            ("streaming", "features", "fraud"),
        ),
        TaskTopic(
            "Deleting a User Everywhere",
            "Honour the {product}'s account deletion requests across every data store.",
            "Privacy law requires the {business} to erase a user's personal data within 30 "
            "days of a request. The {product}'s data lives in the application database, a "
            "data lake of Parquet files partitioned by day, analytics dashboards and backups. "
            "About 300 requests arrive each week.",
            (
                "What do you assume about where personal data is and what must be erased?",
                "How would a request be tracked and carried out in each store?",
                "What do rewriting files, pseudonymisation and crypto-shredding cost?",
                "What happens when a store is missed, a job fails halfway, or data is "
                "restored from a backup?",
            ),
            ("right to erasure", "pseudonymisation", "crypto-shredding", "lineage", "audit"),
            ("privacy", "data lake", "compliance"),
        ),
        TaskTopic(
            "Change Data Capture to the Warehouse",
            "Bring the {product}'s database changes to the warehouse within minutes.",
            "Analysts of the {business} query a copy of the {product} database that is "
            "refreshed every night by a full dump taking four hours. They need data at most "
            "15 minutes old, and the dump now slows the primary at its busiest time. Tables "
            "change schema a few times a month.",
            (
                "What do you assume about change volume, schema changes and freshness?",
                "How would changes be captured, carried and applied in the warehouse?",
                "What do log-based capture, query-based polling and full dumps cost?",
                "What happens on a schema change, a replay of old changes, or a consumer that "
                "falls a day behind?",
            ),
            ("change data capture", "write-ahead log", "schema evolution", "upsert", "ordering"),
            ("cdc", "warehouse", "pipelines"),
        ),
        TaskTopic(
            "Trustworthy Metrics Definitions",
            "Make every dashboard of the {product} agree on what its key metrics mean.",
            "Three teams of the {business} report three different numbers for the "
            "{product}'s daily active users, from {users} to 30% more. Each dashboard has "
            "its own SQL, written at different times, and a board meeting is next month. "
            "Raw events arrive in the warehouse at {rps} a second.",
            (
                "What do you assume about how each team counts and what the board needs?",
                "How would metrics be defined once, computed and served to every dashboard?",
                "What does a central definition cost teams in speed and flexibility?",
                "What happens when a definition changes, late events arrive, or a pipeline "
                "step fails silently?",
            ),
            ("semantic layer", "data contract", "backfill", "data quality checks", "lineage"),
            ("metrics", "analytics", "governance"),
        ),
    ),
}
