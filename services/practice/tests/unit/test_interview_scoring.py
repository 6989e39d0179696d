"""Scoring interview answers: what a good answer earns and what cannot game the scores."""

from __future__ import annotations

from practice.domain.interview_scoring import Reference, judge, reply_to, stem

QUESTION = (
    "People say hash map lookups are constant time. Explain how a hash map stores and finds a "
    "key, and under which conditions a lookup stops being constant time."
)
HASH_MAP = Reference(
    concepts=("hash function", "collision", "load factor", "resizing", "worst case"),
    subject=f"How fast is a hash map lookup really? {QUESTION} hash tables complexity",
    question_text=QUESTION,
)
GOOD = (
    "A hash map keeps an array of buckets. The hash function turns the key into an index, so "
    "a lookup goes straight to one bucket. When two keys land in the same bucket we have a "
    "collision, which is handled by chaining or open addressing. As long as the load factor "
    "stays low, each bucket holds only a few entries and the lookup is constant time on "
    "average. When the table gets too full it is resized and every entry is rehashed. In the "
    "worst case, when many keys collide, a lookup degrades to linear time."
)
WEAK = "It is fast because it uses memory. I think it is usually quick enough for most things."
OFF_TOPIC = (
    "I would start by talking to the team about our goals for the quarter and make sure that "
    "everyone agrees on the plan before we begin the work together."
)
STUFFED = "hash function collision load factor resizing worst case chaining bucket array rehash"


def test_a_good_answer_beats_a_weak_one_on_every_score() -> None:
    good, weak = judge(HASH_MAP, GOOD).scores, judge(HASH_MAP, WEAK).scores
    assert good.completeness > weak.completeness
    assert good.correctness > weak.correctness
    assert good.communication > weak.communication
    assert good.overall >= 70 > 40 > weak.overall


def test_the_covered_concepts_are_named_with_their_inflections() -> None:
    judgement = judge(HASH_MAP, GOOD)
    assert set(judgement.covered) == set(HASH_MAP.concepts)
    assert stem("collisions") == stem("collision")
    assert stem("resized") == stem("resizing") == stem("resize")


def test_an_empty_answer_scores_zero() -> None:
    for empty in ("", "   ", "\n\n", "?!."):
        assert judge(HASH_MAP, empty).scores.overall == 0


def test_an_off_topic_answer_scores_low() -> None:
    scores = judge(HASH_MAP, OFF_TOPIC).scores
    assert scores.completeness == 0
    assert scores.correctness < 20
    assert scores.overall < 30


def test_keywords_without_sentences_lose_most_of_their_coverage() -> None:
    stuffed, good = judge(HASH_MAP, STUFFED), judge(HASH_MAP, GOOD)
    assert stuffed.stuffed
    assert not good.stuffed
    assert stuffed.scores.completeness < good.scores.completeness / 2
    assert stuffed.scores.communication < 30
    assert stuffed.scores.overall < 45


def test_repeating_an_earlier_answer_or_the_question_scores_low() -> None:
    repeated = judge(HASH_MAP, GOOD, earlier=[GOOD])
    parroted = judge(HASH_MAP, QUESTION)
    assert repeated.repeated
    assert parroted.repeated
    assert repeated.scores.overall < 30
    assert parroted.scores.overall < 30


def test_the_same_answer_always_gets_the_same_scores() -> None:
    assert judge(HASH_MAP, GOOD) == judge(HASH_MAP, GOOD)


def test_a_strong_answer_gets_praise_and_a_follow_up_a_weak_one_a_hint() -> None:
    follow_ups = ("Compare chaining with open addressing.",)
    hints = ("What happens when two keys land in the same position?",)
    strong = reply_to(judge(HASH_MAP, GOOD), hints=hints, follow_ups=follow_ups, position=1)
    weak = reply_to(judge(HASH_MAP, WEAK), hints=hints, follow_ups=follow_ups, position=1)
    assert (strong.sentiment, strong.follow_up_question) == ("positive", follow_ups[0])
    assert weak.sentiment == "negative"
    assert weak.follow_up_question is None
    assert hints[0] in weak.content


def test_the_reply_never_names_a_concept_the_answer_did_not_name() -> None:
    reply = reply_to(judge(HASH_MAP, WEAK), hints=(), follow_ups=(), position=0)
    assert not any(concept in reply.content for concept in HASH_MAP.concepts)


def test_an_answer_using_the_words_of_a_short_question_is_not_parroting_it() -> None:
    short = Reference(HASH_MAP.concepts, HASH_MAP.subject, "How does a hash map find a key?")
    assert not judge(short, GOOD).repeated
