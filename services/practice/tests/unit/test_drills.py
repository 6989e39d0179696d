from contracts.catalogue import Drill
from practice.domain.drills import accuracy, drill_stats, grade

DRILL = Drill(
    id="drill-1",
    title="Spot the assumption",
    drill_type="spot_assumptions",
    question="Which is an assumption?",
    options=("The network is reliable", "All of the above"),
    correct_answer="All of the above",
    explanation="Each is unverified.",
)


def test_the_chosen_option_is_graded_against_the_answer() -> None:
    assert grade(DRILL, " All of the above ").is_correct
    wrong = grade(DRILL, "The network is reliable")
    assert not wrong.is_correct
    assert (wrong.correct_answer, wrong.explanation) == ("All of the above", "Each is unverified.")


def test_stats_count_by_type_with_accuracy_in_percent() -> None:
    stats = drill_stats(
        [("spot_assumptions", True), ("spot_assumptions", False), ("rank_failures", True)]
    )
    assert (stats.total.attempted, stats.total.correct, stats.total.accuracy) == (3, 2, 66.67)
    assert stats.by_type["spot_assumptions"].accuracy == 50.0
    assert stats.by_type["rank_failures"].attempted == 1


def test_accuracy_before_any_answer_is_zero() -> None:
    assert accuracy(0, 0) == 0.0
    assert drill_stats([]).by_type == {}
