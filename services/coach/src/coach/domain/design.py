"""Design-session chat (seed 004): what the learner's diagram covers of the problem's requirements.

The coach reads the requirements and the diagram's component labels only; it never sees the
rubric, so it can point at what is missing without being able to name the expected answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MISSING_CITED = 2  # unmet requirements an answer names at once: more would read as a list
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORD_TEXT = (
    "a an and any are as at be by each every for from has have in into is it its of on or "
    "our per should so that the their them then this to use used user users with within "
    "without when which who will can must not no all more than less under over one two "
    "example how what why where do does did i my me you your we"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words a requirement uses, and the components that usually answer them. A requirement counts
# as met by a component that shares a word with it, directly or through one of these.
_CONCEPTS: dict[frozenset[str], frozenset[str]] = {
    frozenset({"latency", "fast", "quick", "quickly", "minimal", "ms", "p99"}): frozenset(
        {"cache", "cdn", "redis", "memcached", "memory", "edge"}
    ),
    frozenset({"analytics", "track", "tracking", "metrics", "click", "clicks", "count"}): (
        frozenset({"analytics", "stream", "queue", "kafka", "warehouse", "log", "counter"})
    ),
    frozenset({"available", "availability", "uptime", "failure", "failover", "outage"}): (
        frozenset({"replica", "replicas", "replication", "balancer", "standby", "cluster"})
    ),
    frozenset({"rate", "burst", "quota", "quotas", "limit", "limits", "throttle"}): frozenset(
        {"limiter", "bucket", "buckets", "counter", "counters", "redis", "window"}
    ),
    frozenset({"search", "autocomplete", "suggest", "suggestions", "prefix"}): frozenset(
        {"index", "trie", "elasticsearch", "search"}
    ),
    frozenset({"notify", "notification", "notifications", "deliver", "delivery", "push"}): (
        frozenset({"queue", "worker", "workers", "websocket", "broker", "webhook"})
    ),
    frozenset({"store", "persist", "durable", "history", "save", "record", "records"}): (
        frozenset({"database", "db", "storage", "postgres", "sql", "s3", "ledger", "log"})
    ),
    frozenset({"scale", "scalable", "millions", "traffic", "peak", "load"}): frozenset(
        {"balancer", "shard", "shards", "partition", "replicas", "autoscaling"}
    ),
    frozenset({"unique", "id", "ids", "generate", "short"}): frozenset(
        {"generator", "counter", "hash", "sequence", "encoder"}
    ),
}


@dataclass(frozen=True)
class DesignContext:
    """What the coach is told about one session: the problem and the diagram as it stands."""

    title: str
    requirements: tuple[str, ...]
    constraints: tuple[str, ...]
    components: tuple[str, ...]  # the diagram's labels


@dataclass(frozen=True)
class Requirement:
    number: int  # 1-based, as the problem lists it
    text: str
    components: tuple[str, ...]  # the diagram's components that speak to it


@dataclass(frozen=True)
class DesignGrounding:
    """Which requirements the diagram covers, which it does not, and the one to talk about."""

    components: tuple[str, ...]
    covered: tuple[Requirement, ...]
    missing: tuple[Requirement, ...]
    focus: Requirement | None  # the requirement the message is about, or the first missing one
    constraint: str | None  # a constraint that bears on the focus, if any

    @property
    def cited(self) -> tuple[Requirement, ...]:
        """The requirements an answer cites: the focus and the first ones no component meets."""
        found = [r for r in (self.focus, *self.missing[:MISSING_CITED]) if r is not None]
        return tuple({r.number: r for r in found}.values())


def ground(context: DesignContext, message: str) -> DesignGrounding:
    """Match the diagram to the requirements and pick the requirement the answer is about."""
    components = context.components
    requirements = [
        Requirement(n, text, _meeting(text, components))
        for n, text in enumerate(context.requirements, start=1)
    ]
    covered = tuple(r for r in requirements if r.components)
    missing = tuple(r for r in requirements if not r.components)
    asked = _words(message)
    by_relevance = sorted(requirements, key=lambda r: -len(_words(r.text) & asked))
    if by_relevance and _words(by_relevance[0].text) & asked:
        focus: Requirement | None = by_relevance[0]
    else:
        focus = missing[0] if missing else (requirements[0] if requirements else None)
    return DesignGrounding(
        components=components,
        covered=covered,
        missing=missing,
        focus=focus,
        constraint=_bearing_on(focus, context.constraints),
    )


def _meeting(requirement: str, components: tuple[str, ...]) -> tuple[str, ...]:
    wanted = _words(requirement)
    wanted |= {w for words, answers in _CONCEPTS.items() if words & wanted for w in answers}
    return tuple(c for c in components if _words(c) & wanted)


def _bearing_on(focus: Requirement | None, constraints: tuple[str, ...]) -> str | None:
    if focus is None or not constraints:
        return None
    wanted = _words(focus.text)
    best = max(constraints, key=lambda c: len(_words(c) & wanted))
    return best if _words(best) & wanted else None


def _words(text: str) -> set[str]:
    found = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        found.add(word)
        if len(word) > 4 and word.endswith("s"):  # "caches" meets "cache"
            found.add(word[:-1])
    return found
