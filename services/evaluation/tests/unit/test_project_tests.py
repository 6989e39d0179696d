"""Judging a project run by its exit status and the reporter's record, never by printed text."""

from typing import Any

from evaluation.domain.project_tests import RunnerRecord, TestCounts, judge, read_record

STARTED: dict[str, Any] = {"event": "started"}
FINISHED: dict[str, Any] = {"event": "finished", "by_itself": True}
CUT_SHORT: dict[str, Any] = {"event": "finished", "by_itself": False}


def summary(passed: Any, failed: Any, skipped: Any = 0) -> dict[str, Any]:
    return {"event": "summary", "passed": passed, "failed": failed, "skipped": skipped}


def test_a_runners_summaries_add_up() -> None:
    record = read_record([STARTED, summary(3, 1, 2), summary(2, 0), FINISHED])
    assert record == RunnerRecord(finished=True, counts=TestCounts(total=6, passed=5))


def test_a_record_that_is_not_ours_counts_for_nothing() -> None:
    assert read_record([]) is None
    assert read_record([summary(5, 0), FINISHED]) is None  # never started
    assert read_record([STARTED, summary("abc", 0), FINISHED]) is None
    assert read_record([STARTED, summary(-1, 0), FINISHED]) is None
    assert read_record([STARTED, summary(True, 0), FINISHED]) is None
    assert read_record([STARTED, {"event": "other"}, FINISHED]) is None
    assert read_record([STARTED, FINISHED, summary(9, 0)]) is None  # nothing after the end


def test_a_clean_exit_with_a_complete_record_of_passing_tests_passes() -> None:
    judged = judge("ok", 0, [STARTED, summary(4, 0, 1), FINISHED])
    assert (judged.signal_type, judged.counts) == ("success", TestCounts(4, 4))


def test_failures_fail_whatever_the_exit_status_says() -> None:
    failed = judge("runtime_error", 1, [STARTED, summary(2, 2), FINISHED])
    assert (failed.signal_type, failed.counts) == ("test_failure", TestCounts(4, 2))
    # An exit hook that turns failures into exit 0 does not agree with the record.
    assert judge("ok", 0, [STARTED, summary(2, 2), FINISHED]).signal_type == "test_failure"
    # Nor does a clean record with a failing exit, or a runner that ran no tests.
    assert judge("runtime_error", 1, [STARTED, summary(2, 0), FINISHED]).passed is False
    assert judge("ok", 0, [STARTED, summary(0, 0), FINISHED]).signal_type == "test_failure"


def test_a_run_cut_short_is_a_crash_even_when_it_exits_0() -> None:
    assert judge("ok", 0, [STARTED]).signal_type == "crash"
    assert judge("ok", 0, [STARTED, CUT_SHORT]).signal_type == "crash"
    assert judge("ok", 0, [STARTED, summary(1, 0), CUT_SHORT]).signal_type == "crash"
    assert judge("ok", 0, []).signal_type == "crash"  # the reporter never started


def test_a_plain_script_is_one_check_judged_by_its_exit_status() -> None:
    passed = judge("ok", 0, [STARTED, FINISHED])
    assert (passed.signal_type, passed.counts) == ("success", TestCounts(1, 1))
    failed = judge("runtime_error", 1, [STARTED, FINISHED])
    assert (failed.signal_type, failed.counts) == ("test_failure", TestCounts(1, 0))


def test_a_command_without_a_reporter_has_only_its_exit_status() -> None:
    assert judge("ok", 0, None).counts == TestCounts(1, 1)
    assert judge("runtime_error", 2, None).signal_type == "test_failure"
    assert judge("runtime_error", None, None).signal_type == "crash"  # killed by a signal
    assert judge("memory_limit_exceeded", None, None).signal_type == "crash"


def test_a_timeout_keeps_its_name() -> None:
    assert judge("time_limit_exceeded", None, [STARTED]).signal_type == "timeout"
    assert judge("time_limit_exceeded", None, None).signal_type == "timeout"
