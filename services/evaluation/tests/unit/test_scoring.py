"""The deterministic scorers: each score moves with its evidence, and explains itself."""

import pytest

from contracts.catalogue.parts import Rubric
from evaluation.domain.scoring.answers import UnscorableAnswer, score_answer
from evaluation.domain.scoring.bug_hunt import score_bug_hunt
from evaluation.domain.scoring.design import score_design
from evaluation.domain.scoring.references import BugHuntReference, TriageReference
from evaluation.domain.scoring.triage import score_triage
from evaluation.domain.scoring.written import DIMENSIONS, score_written_answer

CONCEPTS = ["cache invalidation", "read replica", "p99 latency", "idempotency key"]

STRONG = dict(
    assumptions=(
        "We assume about 2,000 requests per second at peak and 50 GB of product data.\n"
        "- Reads outnumber writes 100 to 1.\n- The p99 latency budget is 200 ms.\n"
        "- If traffic doubles during sales we need to confirm the database limit."
    ),
    architecture=(
        "Start with the simplest thing: one service in front of PostgreSQL with a read replica "
        "for the catalogue pages, and a Redis cache in front of the hot product reads. Avoid a "
        "second service until the team needs it; cache invalidation happens on every write."
    ),
    trade_offs=(
        "A cache makes reads faster but at the cost of stale data for a few seconds, which is "
        "fine because prices change rarely. We use a read replica instead of sharding since "
        "one primary handles 20 writes per second. The downside is replica lag, so checkout "
        "reads from the primary."
    ),
    failure_scenarios=(
        "- The cache goes down: we fall back to the database and shed load with a rate limit.\n"
        "- A payment call times out: retries use an idempotency key so no order is charged "
        "twice.\n- Replica lag grows: an alert fires on the metric and reads move to the "
        "primary.\n- A bad deploy: roll back behind a feature flag."
    ),
)
WEAK = dict(
    assumptions="It will be fine.",
    architecture="Microservices on Kubernetes.",
    trade_offs="None.",
    failure_scenarios="Nothing fails.",
)


def test_a_strong_answer_beats_a_weak_one_on_every_dimension() -> None:
    strong = score_written_answer(**STRONG, expected_concepts=CONCEPTS)
    weak = score_written_answer(**WEAK, expected_concepts=CONCEPTS)
    assert set(strong.breakdown) == set(DIMENSIONS)
    for dimension in DIMENSIONS:
        assert strong.breakdown[dimension] > weak.breakdown[dimension], dimension
        assert 0 <= weak.breakdown[dimension] <= strong.breakdown[dimension] <= 10
    assert strong.score >= 7
    assert weak.score <= 3


def test_scores_are_explained_by_the_evidence_found() -> None:
    strong = score_written_answer(**STRONG, expected_concepts=CONCEPTS)
    assert any("200 ms" in e for e in strong.evidence["constraints_awareness"])
    assert any("idempotency" in e for e in strong.evidence["failure_anticipation"])
    assert "cache invalidation" in strong.concepts_found
    weak = score_written_answer(**WEAK, expected_concepts=CONCEPTS)
    assert weak.concepts_missing == CONCEPTS
    assert weak.evidence["trade_off_reasoning"] == ["no alternative is weighed against another"]


def test_scoring_is_deterministic() -> None:
    assert score_written_answer(**STRONG, expected_concepts=CONCEPTS) == score_written_answer(
        **STRONG, expected_concepts=CONCEPTS
    )


RUBRIC = {
    "components": [
        {"name": "load balancer", "keywords": ["lb"], "weight": 2, "why": "spreads traffic"},
        {"name": "cache", "keywords": ["redis", "memcached"], "weight": 3, "why": "hot reads"},
        {"name": "queue", "keywords": ["kafka", "sqs"], "weight": 1, "why": "absorbs bursts"},
    ],
    "trade_offs": [
        {
            "name": "consistency vs availability",
            "keywords": ["eventual consistency"],
            "weight": 1,
            "why": "during partitions",
        }
    ],
}


def test_a_design_is_scored_on_weighted_rubric_coverage() -> None:
    result = score_design(
        rubric=Rubric.model_validate(RUBRIC),
        description="Requests go through an LB to the API; "
        "Redis caches reads and we accept eventual consistency.",
        diagram_labels=["API"],
    )
    assert result.components_covered == ["load balancer", "cache"]
    assert result.missing_components == ["queue"]
    assert result.score == round(70 * 5 / 6 + 30, 1)
    assert result.improvements[0].startswith("Consider queue")
    empty = score_design(rubric=Rubric.model_validate(RUBRIC), description="", diagram_labels=[])
    assert empty.score == 0


def test_triage_rewards_the_right_category_and_first_actions() -> None:
    item = TriageReference(defect_category="Concurrency", severity="Major", priority="High")
    right = score_triage(
        item=item,
        answers={
            "category": "Concurrency",
            "severity": "Major",
            "priority": "High",
            "first_actions": ["reproduce the race with a fixed interleaving", "add a lock"],
        },
    )
    wrong = score_triage(
        item=item,
        answers={
            "category": "Functional",
            "severity": "Low",
            "priority": "Low",
            "first_actions": [],
        },
    )
    assert right.score == 100
    assert wrong.score < 20
    assert not wrong.category_correct


def test_bug_hunt_needs_the_lines_and_the_concept_for_correct() -> None:
    item = BugHuntReference(bug_lines=(4,), expected_concepts=("off-by-one", "boundary"))
    assert (
        score_bug_hunt(
            item=item, selected_lines=[4], explanation="An off by one at the loop end"
        ).result
        == "CORRECT"
    )
    assert score_bug_hunt(item=item, selected_lines=[4], explanation="wrong").result == "PARTIAL"
    assert (
        score_bug_hunt(item=item, selected_lines=[9], explanation="no idea").result == "INCORRECT"
    )
    shotgun = score_bug_hunt(item=item, selected_lines=[1, 2, 3, 4, 5], explanation="off-by-one")
    assert shotgun.result == "PARTIAL"


def test_every_scored_kind_answers_in_one_shape() -> None:
    written = score_answer("written", STRONG, {"expected_concepts": CONCEPTS})
    assert written.passed
    assert set(written.breakdown or {}) == set(DIMENSIONS)
    design = score_answer("design", {"description": "an lb and redis"}, {"rubric": RUBRIC})
    assert design.score == sum((design.breakdown or {}).values())
    assert "score" not in design.feedback
    bug = score_answer("bug_hunt", {"selected_lines": [3], "explanation": "x"}, {"bug_lines": [3]})
    assert bug.feedback["result"] in ("CORRECT", "PARTIAL")
    with pytest.raises(UnscorableAnswer, match="bug_hunt"):
        score_answer("bug_hunt", {"selected_lines": ["x"]}, {"bug_lines": [1]})


def test_a_reference_without_what_its_scorer_needs_is_unscorable() -> None:
    triage = {"category": "Concurrency", "severity": "Major", "priority": "High"}
    with pytest.raises(UnscorableAnswer, match="triage"):
        score_answer("triage", {**triage, "first_actions": "reproduce"}, {"severity": "Major"})
    with pytest.raises(UnscorableAnswer, match="design"):
        score_answer("design", {"description": "x"}, {"rubric": {"components": [{"x": 1}]}})
