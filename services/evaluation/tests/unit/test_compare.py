import pytest

from evaluation.sandbox.compare import answers_match, normalise, stdout_matches


@pytest.mark.parametrize(
    ("expected", "actual", "mode", "ok"),
    [
        ([0, 1], [0, 1], "exact", True),
        ([0, 1], [1, 0], "exact", False),
        ([0, 1], [1, 0], "unordered", True),
        ([[1, 2], [3]], [[3], [1, 2]], "unordered", True),
        ([[1, 2], [3]], [[3], [2, 1]], "unordered", False),  # only the top level is a multiset
        ([1, 1, 2], [1, 2, 2], "unordered", False),
        ([5, 1], [1, 5.0], "unordered", True),  # numbers by value, as in exact
        (0.1 + 0.2, 0.3, "float", True),
        ([1.0, {"x": 2.5}], [1.0000000001, {"x": 2.5}], "float", True),
        (1e-9, 0.0, "float", True),  # absolute tolerance near zero
        (0.3, 0.31, "float", False),
        (0.1 + 0.2, 0.3, "exact", False),
        (5, 5.0, "exact", True),
        (True, 1, "exact", False),
        (1, True, "float", False),
        ({"a": [1]}, {"a": [1]}, "exact", True),
        ({"a": 1}, {"a": 1, "b": 2}, "exact", False),
        (None, 0, "exact", False),
        ("1", 1, "exact", False),
    ],
)
def test_answers_are_compared_as_json_values(expected, actual, mode, ok) -> None:
    assert answers_match(expected, actual, mode) is ok


def test_expected_values_take_the_same_json_round_trip_as_answers() -> None:
    assert normalise((1, (2, 3))) == [1, [2, 3]]


def test_an_answer_nested_deeper_than_python_recurses_is_wrong_not_a_crash() -> None:
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    assert answers_match([1], deep, "exact") is False
    assert answers_match([[1]], [deep], "unordered") is False


def test_stdout_ignores_trailing_space_and_blank_lines() -> None:
    assert stdout_matches("1 2\n3", "1 2  \n3\n\n")
    assert stdout_matches("a\nb", "a\r\nb\r\n")
    assert not stdout_matches("1 2", "1  2")
    assert not stdout_matches("1\n2", "1 2")
