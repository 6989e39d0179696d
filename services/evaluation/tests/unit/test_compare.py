import pytest

from evaluation.sandbox.compare import answers_match, stdout_matches


@pytest.mark.parametrize(
    ("expected", "actual", "mode", "ok"),
    [
        ([0, 1], [0, 1], "exact", True),
        ([0, 1], [1, 0], "exact", False),
        ([0, 1], [1, 0], "unordered", True),
        ([[1, 2], [3]], [[3], [1, 2]], "unordered", True),
        ([1, 1, 2], [1, 2, 2], "unordered", False),
        (0.1 + 0.2, 0.3, "float", True),
        ([1.0, 2.5], [1.0000000001, 2.5], "float", True),
        (0.3, 0.31, "float", False),
        (5, 5.0, "exact", True),
        (True, 1, "exact", False),
        ({"a": [1]}, {"a": [1]}, "exact", True),
        (None, 0, "exact", False),
    ],
)
def test_answers_are_compared_as_json_values(expected, actual, mode, ok) -> None:
    assert answers_match(expected, actual, mode) is ok


def test_stdout_ignores_trailing_space_and_blank_lines() -> None:
    assert stdout_matches("1 2\n3", "1 2  \n3\n\n")
    assert not stdout_matches("1 2", "1  2")
