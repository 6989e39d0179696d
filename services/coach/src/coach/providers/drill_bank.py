"""The built-in provider's drills: templates for each drill type, filled with a product's numbers.

Each template's answer holds for every product: the numbers it quotes scale together.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.catalogue.vocabulary import DrillType


@dataclass(frozen=True)
class DrillTemplate:
    title: str
    scenario: str
    question: str
    options: tuple[str, ...]
    answer: int  # index into options
    explanation: str


DRILLS: dict[DrillType, tuple[DrillTemplate, ...]] = {
    "spot_assumptions": (
        DrillTemplate(
            "Hidden Assumption in the Cache Plan",
            "The {business}'s team plans to put a cache in front of the {product}'s product "
            "database. Their plan says: the database peaks at {rps} queries/s, the cache will "
            "answer 90% of reads, and so the database will see a tenth of today's load.",
            "Which statement does the plan take for granted without evidence?",
            (
                "The database peaks at {rps} queries/s",
                "The cache will answer 90% of reads",
                "A cache can sit in front of a database",
                "Reads that the cache answers do not reach the database",
            ),
            1,
            "The peak is measured and the last two are how caches work; the 90% hit rate is "
            "a belief about access patterns that nobody measured. If reads are spread over "
            "many keys, the hit rate and the savings can be far lower.",
        ),
        DrillTemplate(
            "What the Retry Plan Assumes",
            "To hide short outages of a partner API, the {business} wants the {product} to "
            "retry every failed call three times at once. The partner's status page reports "
            "99.9% uptime, and the {product} calls it {rps} times a second at peak.",
            "Which assumption is the plan built on?",
            (
                "The partner reports 99.9% uptime",
                "The {product} calls the partner {rps} times a second",
                "Failures are brief and independent, so an immediate retry usually succeeds",
                "Calls to the partner can fail",
            ),
            2,
            "The uptime and call rate are stated facts and failures are a given. Retrying at "
            "once assumes failures are short and unrelated; when the partner is overloaded, "
            "three immediate retries quadruple its load and prolong the outage.",
        ),
    ),
    "rank_failures": (
        DrillTemplate(
            "First Failure After a Cache Restart",
            "The {business}'s {product} serves {rps} requests/s at peak. A cache answers 95% "
            "of lookups, so the database sees about 5% of them; load tests show the database "
            "copes with up to twice that. The cache keeps nothing on disk and is restarted "
            "for an upgrade at peak time.",
            "What is the most likely first failure after the restart?",
            (
                "Users see stale data left over in the cache",
                "The cache runs out of memory while refilling",
                "Nearly every lookup reaches the database, about ten times what it copes with",
                "The load balancer drops connections during the restart",
            ),
            2,
            "An empty cache answers almost nothing, so the database suddenly receives close "
            "to the full {rps} lookups/s, around ten times its tested capacity. Stale data is "
            "impossible in an empty cache, and its memory held the same data before.",
        ),
        DrillTemplate(
            "What Breaks When the Queue Backs Up",
            "The {product} of the {business} puts every order on a queue that 4 workers "
            "process, each handling 50 orders/s. A promotion brings 400 orders/s for an hour. "
            "Messages stay on the queue for 24 hours and the broker's disk holds three days "
            "of normal traffic.",
            "What goes wrong first during the promotion?",
            (
                "The broker's disk fills up within the hour",
                "Orders wait longer and longer: the backlog grows by about 200 a second",
                "Workers crash from processing too many orders",
                "Messages expire before anyone reads them",
            ),
            1,
            "Workers handle 200 orders/s in total against 400 arriving, so the backlog grows "
            "by about 200 a second, 720,000 in the hour, and each order waits longer. Disk "
            "holds days of traffic and the 24 hour expiry is far away.",
        ),
    ),
    "predict_scaling": (
        DrillTemplate(
            "Tripling Traffic on One Database",
            "The {business}'s {product} serves {rps} requests/s from 6 stateless servers at "
            "20% CPU. Every request reads from one database primary that runs at 70% CPU at "
            "peak. Next month's campaign is expected to triple traffic to {rps3} requests/s.",
            "Which part reaches its limit first when traffic triples?",
            (
                "The stateless servers, at about 60% CPU",
                "The database primary, which would need about 210% of its CPU",
                "The network between servers and database",
                "Nothing: tripling stays within every limit",
            ),
            1,
            "Servers go from 20% to about 60% CPU and can also be added; the single primary "
            "goes from 70% to about 210%, far past its capacity, and cannot be scaled out by "
            "adding servers. Read replicas or caching must come first.",
        ),
        DrillTemplate(
            "Adding a Node to Modulo Sharding",
            "The {business} spreads the {product}'s sessions over 4 cache nodes by "
            "`hash(key) % 4`. Traffic of {rps} requests/s is growing, and the team adds a "
            "fifth node by switching to `hash(key) % 5` during the day.",
            "What happens right after the switch?",
            (
                "About a fifth of the keys move to the new node",
                "About 80% of the keys now map to a different node, so most lookups miss",
                "Only new sessions are affected",
                "Load spreads evenly with no misses",
            ),
            1,
            "With modulo placement almost every key changes node when the count changes: a "
            "key stays only where hash % 4 equals hash % 5, about one in five. Most lookups "
            "miss at once; consistent hashing moves only about a fifth of the keys.",
        ),
    ),
    "choose_tradeoffs": (
        DrillTemplate(
            "Replication Mode for Orders",
            "The {business}'s {product} stores orders in a database with one replica in "
            "another zone. Losing a confirmed order is unacceptable, writes peak at a few "
            "hundred a second, and the zones are 2 ms apart.",
            "Which replication choice fits best?",
            (
                "Asynchronous replication, for the lowest write latency",
                "Synchronous replication to the replica, accepting a few ms more per write",
                "No replica, with nightly backups",
                "Replicate only once a day to save bandwidth",
            ),
            1,
            "A confirmed order must survive losing the primary, so the write must reach the "
            "replica before it is confirmed. At 2 ms between zones and a few hundred writes a "
            "second the extra latency is affordable; asynchronous copies can lose writes.",
        ),
        DrillTemplate(
            "Batch or Stream for a Daily Report",
            "Managers of the {business} read a {product} report every morning at 9:00. It "
            "summarises yesterday's {daily} events; nobody looks at it during the "
            "day, and the team of two has never run a stream processor.",
            "Which approach fits best?",
            (
                "A streaming pipeline updating the report every second",
                "A nightly batch job that builds the report before 9:00",
                "Computing the report live on each page view from raw events",
                "A streaming pipeline with an hourly batch as backup",
            ),
            1,
            "Nobody needs the numbers before 9:00, so freshness beyond one day buys nothing, "
            "while a stream processor costs a small team operations work. A nightly batch is "
            "simpler, cheaper and easy to rerun; live queries over raw events would be slow.",
        ),
    ),
}
