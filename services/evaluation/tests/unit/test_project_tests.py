"""Reading test runners' summaries: unittest and node --test, the last summary winning."""

from evaluation.domain.project_tests import TestCounts, count_tests, signal_type

UNITTEST_FAILED = (
    "test_a (tests.test_x.T.test_a) ... ok\n"
    "test_b (tests.test_x.T.test_b) ... FAIL\n\n"
    "----------------------------------------------------------------------\n"
    "Ran 7 tests in 0.001s\n\nFAILED (failures=1, errors=1, skipped=1)\n"
)
NODE_FAILED = (
    "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n# tests 8\n# suites 0\n# pass 4\n"
    "# fail 3\n# cancelled 0\n# skipped 1\n# todo 0\n# duration_ms 197.12\n"
)


def test_unittest_summary_counts_failures_errors_and_skips() -> None:
    assert count_tests("", UNITTEST_FAILED) == TestCounts(total=6, passed=4)
    assert count_tests("", "Ran 13 tests in 0.001s\n\nOK\n") == TestCounts(total=13, passed=13)
    assert count_tests("", "Ran 3 tests in 0.1s\n\nOK (skipped=1)\n") == TestCounts(2, 2)


def test_node_summary_counts_passes_and_skips() -> None:
    assert count_tests(NODE_FAILED, "") == TestCounts(total=7, passed=4)


def test_the_last_summary_wins_over_one_the_project_printed_first() -> None:
    forged = "Ran 99 tests in 0.0s\n\nOK\n"
    assert count_tests("", forged + UNITTEST_FAILED) == TestCounts(total=6, passed=4)


def test_no_summary_means_the_runner_never_finished() -> None:
    assert count_tests("Traceback (most recent call last):", "") is None


def test_signal_types() -> None:
    clean = TestCounts(total=3, passed=3)
    assert signal_type("ok", clean, 0) == "success"
    assert signal_type("runtime_error", TestCounts(3, 2), 1) == "test_failure"
    assert signal_type("time_limit_exceeded", None, None) == "timeout"
    assert signal_type("runtime_error", None, 1) == "crash"
    # A clean exit that ran no tests is not a pass.
    assert signal_type("ok", TestCounts(total=0, passed=0), 0) == "test_failure"
