"""From what the host saw of a test to its verdict and the words that explain it."""

from typing import Any

import pytest

from evaluation.sandbox import Execution, Limits, TestCase, Verdict
from evaluation.sandbox.protocol import Reply
from evaluation.sandbox.verdicts import Outcome, Stop, judged, not_run, result_of, whole_run

LIMITS = Limits(time_limit_ms=1000, memory_mb=128, max_output_bytes=100, max_file_bytes=4096)
FUNCTION = Execution("function", "two_sum")
STDIO = Execution("stdio")


def result(reply: Reply | None, *, test: TestCase | None = None, execution=FUNCTION, **seen: Any):
    outcome = Outcome(reply, duration_ms=3.25, memory_kb=2048, **seen)
    return result_of(2, test or TestCase([[2, 7], 9], [0, 1]), outcome, execution, LIMITS)


def answer(actual: Any, **fields: Any) -> Reply:
    return Reply(kind="result", status="ok", index=2, actual=actual, **fields)


def test_the_right_answer_is_accepted_with_the_hosts_measures() -> None:
    judged_test = result(answer([0, 1], stdout="hi\n"))
    assert (judged_test.verdict, judged_test.passed) == (Verdict.ACCEPTED, True)
    assert (judged_test.duration_ms, judged_test.memory_kb, judged_test.stdout) == (
        3.25,
        2048,
        "hi\n",
    )


def test_a_different_answer_is_wrong_and_keeps_what_was_returned() -> None:
    judged_test = result(answer([1, 0]))
    assert judged_test.verdict is Verdict.WRONG_ANSWER
    assert judged_test.actual == [1, 0]


@pytest.mark.parametrize(
    ("seen", "verdict", "words"),
    [
        ({"stop": Stop.TIME}, Verdict.TIME_LIMIT_EXCEEDED, "1000 ms"),
        ({"stop": Stop.MEMORY}, Verdict.MEMORY_LIMIT_EXCEEDED, "128 MB"),
        ({"stop": Stop.OUTPUT}, Verdict.OUTPUT_LIMIT_EXCEEDED, "100-byte"),
        ({"stop": Stop.BREACH}, Verdict.RUNTIME_ERROR, "private channel"),
        ({"stop": Stop.CRASH, "signal": 24}, Verdict.TIME_LIMIT_EXCEEDED, "1000 ms"),
        ({"stop": Stop.CRASH, "signal": 25}, Verdict.RUNTIME_ERROR, "4096 bytes"),
        ({"stop": Stop.CRASH, "signal": 11}, Verdict.RUNTIME_ERROR, "signal 11"),
        ({"stop": Stop.CRASH, "exit_code": 0}, Verdict.RUNTIME_ERROR, "exit code 0"),
    ],
)
def test_what_the_host_saw_decides_when_no_reply_came(seen, verdict, words) -> None:
    judged_test = result(None, **seen)
    assert judged_test.verdict is verdict
    assert words in (judged_test.error or "")


def test_the_host_overrules_a_reply_when_the_oom_killer_struck_during_the_test() -> None:
    assert result(answer([0, 1]), stop=Stop.MEMORY).verdict is Verdict.MEMORY_LIMIT_EXCEEDED


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        (Reply("result", "output", 2), Verdict.OUTPUT_LIMIT_EXCEEDED),
        (Reply("result", "error", 2, error="ZeroDivisionError: x (line 3)"), Verdict.RUNTIME_ERROR),
        (Reply("result", "error", 2, error_type="MemoryError"), Verdict.MEMORY_LIMIT_EXCEEDED),
        (Reply("result", "ok", 2), Verdict.RUNTIME_ERROR),  # no answer in the reply
    ],
)
def test_what_the_harness_reported_decides_otherwise(reply, verdict) -> None:
    assert result(reply).verdict is verdict


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"stdout": "3\n"}, Verdict.ACCEPTED),
        ({"stdout": "4\n"}, Verdict.WRONG_ANSWER),
        (
            {"stdout": "3\n", "exit_code": 1, "stderr": "Traceback\nValueError: x"},
            Verdict.RUNTIME_ERROR,
        ),
        ({"stdout": "3\n", "signal": 24}, Verdict.TIME_LIMIT_EXCEEDED),
        (
            {"stdout": "", "error_type": "MemoryError", "exit_code": 1},
            Verdict.MEMORY_LIMIT_EXCEEDED,
        ),
    ],
)
def test_a_program_is_judged_on_its_stdout_and_how_it_ended(fields, verdict) -> None:
    reply = Reply("result", "ok", 2, **fields)
    judged_test = result(reply, test=TestCase("1 2\n", "3"), execution=STDIO)
    assert judged_test.verdict is verdict


def test_a_run_takes_the_first_failure_and_adds_up_the_tests() -> None:
    tests = [TestCase([1], 1), TestCase([2], 2), TestCase([3], 3)]
    results = [
        result_of(0, tests[0], Outcome(answer(1), 1.0, 100), FUNCTION, LIMITS),
        result_of(1, tests[1], Outcome(None, 1000.0, 300, stop=Stop.TIME), FUNCTION, LIMITS),
        not_run(2, tests[2], Verdict.TIME_LIMIT_EXCEEDED, "not run"),
    ]
    run = judged(tests, results, FUNCTION)
    assert run.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert (run.duration_ms, run.memory_kb) == (1001.0, 300)
    assert run.explanation == "Test 2: took longer than the 1000 ms limit."


def test_the_explanation_shows_a_visible_tests_data() -> None:
    tests = [TestCase([[2, 7], 9], [0, 1])]
    run = judged(
        tests, [result_of(0, tests[0], Outcome(answer([1, 0]), 1.0), FUNCTION, LIMITS)], FUNCTION
    )
    assert run.explanation == "Test 1: expected [0, 1] but your function returned [1, 0]."


def test_the_explanation_hides_a_hidden_tests_data_and_messages() -> None:
    tests = [TestCase([[5, 5], 10], [0, 1], is_hidden=True)]
    wrong = result_of(0, tests[0], Outcome(answer([9, 9]), 1.0), FUNCTION, LIMITS)
    assert judged(tests, [wrong], FUNCTION).explanation == "Hidden test 1: wrong answer."
    error = Reply("result", "error", 0, error="KeyError: 'secret-key' (line 2)")
    crashed = result_of(0, tests[0], Outcome(error, 1.0), FUNCTION, LIMITS)
    explanation = judged(tests, [crashed], FUNCTION).explanation
    assert explanation == "Hidden test 1: runtime error (KeyError)."


def test_a_stdio_explanation_quotes_the_output() -> None:
    tests = [TestCase("1 2\n", "3\n")]
    reply = Reply("result", "ok", 0, stdout="4\n", exit_code=0)
    run = judged(tests, [result_of(0, tests[0], Outcome(reply, 1.0), STDIO, LIMITS)], STDIO)
    assert run.explanation == "Test 1: expected output '3' but the program printed '4'."


def test_a_compile_error_fails_every_test_with_its_message() -> None:
    run = whole_run(
        [TestCase([1], 1)] * 2,
        Verdict.COMPILE_ERROR,
        "SyntaxError: x (line 1)",
        compile_output="SyntaxError: x (line 1)",
    )
    assert [t.verdict for t in run.tests] == [Verdict.COMPILE_ERROR] * 2
    assert run.compile_output == "SyntaxError: x (line 1)"
    assert run.explanation == "The code does not compile: SyntaxError: x (line 1)"


def test_an_internal_error_blames_the_judge_not_the_code() -> None:
    run = whole_run([TestCase([1], 1)], Verdict.INTERNAL_ERROR, "bubblewrap not found")
    assert run.verdict is Verdict.INTERNAL_ERROR
    assert "our fault" in (run.explanation or "")
