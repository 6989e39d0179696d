"""Coach's pure rules: evidence, chunks, the solution guard, the rate window and the breaker."""

from __future__ import annotations

from datetime import timedelta

from coach.domain.chunking import MAX_CHUNK_CHARS, chunk_markdown
from coach.domain.guard import asks_for_solution
from coach.domain.rate import seconds_to_wait
from coach.providers.breaker import CircuitBreaker
from coach.retrieval.fulltext import search_terms
from servicekit.outbox import utcnow


def test_a_guide_is_cut_at_its_headings_and_long_sections_at_paragraphs() -> None:
    text = "Intro words.\n\n## First\n\nAlpha.\n\n## Second\n\n" + "\n\n".join(["b" * 500] * 5)
    chunks = chunk_markdown(text, title="Guide")
    assert [c.heading for c in chunks[:2]] == ["Guide", "First"]
    assert {c.heading for c in chunks[2:]} == {"Second"}
    assert len(chunks) > 3
    assert all(len(c.body) <= MAX_CHUNK_CHARS for c in chunks)


def test_requests_for_a_solution_are_told_from_questions() -> None:
    assert asks_for_solution("Can you give me the solution?")
    assert asks_for_solution("please write the code for me")
    assert asks_for_solution("solve this for me")
    assert asks_for_solution("what's the answer")
    assert not asks_for_solution("Why is my loop off by one?")
    assert not asks_for_solution("What does a hash map cost per lookup?")


def test_search_terms_keep_content_words_only() -> None:
    assert search_terms('What is the "cost" of quicksort OR* NEAR(x)?') == [
        "cost",
        "quicksort",
        "near",
    ]


def test_the_rate_window_slides() -> None:
    now = utcnow()
    sent = [now - timedelta(seconds=s) for s in (59, 30, 5)]
    assert seconds_to_wait(sent, now=now, limit=4) == 0
    assert seconds_to_wait(sent, now=now, limit=3) == 1
    assert seconds_to_wait(sent, now=now, limit=2) == 30


def test_the_breaker_opens_cools_down_and_half_opens() -> None:
    clock = [0.0]
    breaker = CircuitBreaker(failures=2, cooldown_seconds=10, clock=lambda: clock[0])
    breaker.failed()
    assert breaker.allows()
    breaker.failed()
    assert not breaker.allows()
    clock[0] = 10.5
    assert breaker.allows(), "half-open: one try"
    breaker.failed()
    assert not breaker.allows(), "a failed try opens it again"
    clock[0] = 21
    breaker.succeeded()
    assert breaker.allows()
