# ruff: noqa: E501  (the programs under test read best unwrapped)
"""The judge in the real sandbox: verdicts, measures and messages for each kind of outcome."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from evaluation.sandbox import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    Sandbox,
    SandboxConfig,
    TestCase,
    Verdict,
)

pytestmark = pytest.mark.integration

ADD = Execution("function", "add")
TESTS = [TestCase([1, 2], 3), TestCase([5, 5], 10), TestCase([-1, 1], 0, is_hidden=True)]
FAST = Limits(time_limit_ms=500, memory_mb=128, max_processes=32, max_output_bytes=4096)


@pytest.fixture(scope="module")
def work_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox-runs")


@pytest.fixture(scope="module")
def sandbox(work_root: Path) -> Sandbox:
    return Sandbox(SandboxConfig(work_root=work_root))


async def judge(
    sandbox: Sandbox,
    code: str,
    *,
    language: Language = Language.PYTHON,
    execution: Execution = ADD,
    tests: list[TestCase] = TESTS,
    limits: Limits = FAST,
) -> JudgeResult:
    return await sandbox.judge(
        language=language, code=code, execution=execution, tests=tests, limits=limits
    )


async def test_a_correct_solution_is_accepted_with_time_and_memory_per_test(
    sandbox: Sandbox,
) -> None:
    result = await judge(sandbox, "def add(a, b):\n    print('adding', a, b)\n    return a + b\n")
    assert result.verdict is Verdict.ACCEPTED, result.explanation
    assert [t.actual for t in result.tests] == [3, 10, 0]
    assert result.tests[0].stdout == "adding 1 2\n"
    assert all(0 < t.duration_ms < 500 and t.memory_kb for t in result.tests)
    assert result.explanation is None


async def test_a_wrong_answer_is_explained_with_the_data(sandbox: Sandbox) -> None:
    result = await judge(sandbox, "def add(a, b):\n    return a * b if a == 1 else a + b\n")
    assert result.verdict is Verdict.WRONG_ANSWER
    assert [t.passed for t in result.tests] == [False, True, True]
    assert result.tests[0].actual == 2
    assert result.explanation == "Test 1: expected 3 but your function returned 2."


async def test_an_infinite_loop_is_stopped_and_ends_the_run(sandbox: Sandbox) -> None:
    code = "def add(a, b):\n    while a == 5:\n        pass\n    return a + b\n"
    result = await judge(sandbox, code)
    verdicts = [t.verdict for t in result.tests]
    assert verdicts == [Verdict.ACCEPTED, Verdict.TIME_LIMIT_EXCEEDED, Verdict.TIME_LIMIT_EXCEEDED]
    assert 500 <= result.tests[1].duration_ms < 1500
    assert result.tests[2].error
    assert result.tests[2].error.startswith("not run")
    assert result.explanation == "Test 2: took longer than the 500 ms limit."


async def test_allocating_a_gibibyte_is_a_memory_limit_verdict(sandbox: Sandbox) -> None:
    result = await judge(
        sandbox, "def add(a, b):\n    block = b'x' * (1 << 30)\n    return a + b\n"
    )
    assert result.verdict is Verdict.MEMORY_LIMIT_EXCEEDED
    assert result.tests[0].verdict is Verdict.MEMORY_LIMIT_EXCEEDED


@pytest.mark.parametrize(
    "code",
    [
        "def add(a, b):\n    while True:\n        print('spam')\n",
        "import sys\ndef add(a, b):\n    while True:\n        sys.stdout.write('x' * 1000)\n",
        "import os\ndef add(a, b):\n    while True:\n        os.write(1, b'x' * 65536)\n",
        "def add(a, b):\n    try:\n        while True:\n            print('x' * 100)\n    except BaseException:\n        return a + b\n",
    ],
    ids=["lines", "no newlines", "straight to the fd", "catching the stop"],
)
async def test_an_output_flood_is_an_output_limit_verdict(sandbox: Sandbox, code: str) -> None:
    result = await judge(sandbox, code)
    assert result.tests[0].verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    assert len(result.tests[0].stdout) <= FAST.max_output_bytes


async def test_a_runtime_error_names_the_exception_and_line(sandbox: Sandbox) -> None:
    result = await judge(sandbox, "def add(a, b):\n    return a + b + 1 // (b - 2) * 0\n")
    error = "ZeroDivisionError: integer division or modulo by zero (line 2)"
    assert result.tests[0].verdict is Verdict.RUNTIME_ERROR
    assert result.tests[0].error == error
    assert result.tests[1].verdict is Verdict.ACCEPTED  # one failure does not stop the others
    assert result.explanation == f"Test 1: {error}."


async def test_a_python_syntax_error_is_a_compile_error(sandbox: Sandbox) -> None:
    result = await judge(sandbox, "def add(a, b)\n    return a + b\n")
    assert result.verdict is Verdict.COMPILE_ERROR
    assert result.compile_output
    assert "SyntaxError" in result.compile_output
    assert "line 1" in result.compile_output


async def test_a_missing_function_fails_every_test_with_a_clear_message(sandbox: Sandbox) -> None:
    result = await judge(sandbox, "def plus(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.RUNTIME_ERROR
    assert result.explanation == "Loading the code failed: NameError: no function add() is defined"
    assert all(t.verdict is Verdict.RUNTIME_ERROR for t in result.tests)


async def test_stdio_programs_read_stdin_and_are_judged_on_stdout(sandbox: Sandbox) -> None:
    tests = [TestCase("1 2\n", "3\n"), TestCase("5 5\n", "10"), TestCase("2 2\n", "5")]
    code = "import sys\na, b = map(int, open(0).read().split())\nprint(a + b)\n"
    result = await judge(sandbox, code, execution=Execution("stdio"), tests=tests)
    assert [t.verdict for t in result.tests] == [
        Verdict.ACCEPTED,
        Verdict.ACCEPTED,
        Verdict.WRONG_ANSWER,
    ]
    assert result.explanation == "Test 3: expected output '5' but the program printed '4'."


async def test_a_stdio_program_that_exits_nonzero_is_a_runtime_error(sandbox: Sandbox) -> None:
    code = "import sys\nprint('partial')\nsys.exit(3)\n"
    result = await judge(
        sandbox, code, execution=Execution("stdio"), tests=[TestCase("", "partial")]
    )
    assert result.tests[0].verdict is Verdict.RUNTIME_ERROR
    assert result.tests[0].error == "the program exited with code 3"


async def test_javascript_stdio_reads_file_descriptor_zero(sandbox: Sandbox) -> None:
    code = 'const [a, b] = require("fs").readFileSync(0, "utf8").split(" ").map(Number);\nconsole.log(a + b);\n'
    tests = [TestCase("1 2", "3"), TestCase("20 22", "42")]
    result = await judge(
        sandbox, code, language=Language.JAVASCRIPT, execution=Execution("stdio"), tests=tests
    )
    assert result.verdict is Verdict.ACCEPTED, result.explanation


async def test_unordered_answers_compare_as_multisets(sandbox: Sandbox) -> None:
    execution = Execution("function", "pairs", "unordered")
    tests = [TestCase([4], [[0, 4], [1, 3], [2, 2]])]
    code = "def pairs(n):\n    return [(i, n - i) for i in reversed(range(n // 2 + 1))]\n"
    result = await judge(sandbox, code, execution=execution, tests=tests)
    assert result.verdict is Verdict.ACCEPTED, result.explanation


async def test_float_answers_compare_within_a_tolerance(sandbox: Sandbox) -> None:
    execution = Execution("function", "mean", "float")
    tests = [TestCase([[0.1, 0.2]], 0.15), TestCase([[1, 2]], 1.6)]
    result = await judge(
        sandbox, "def mean(xs):\n    return sum(xs) / len(xs)\n", execution=execution, tests=tests
    )
    assert [t.verdict for t in result.tests] == [Verdict.ACCEPTED, Verdict.WRONG_ANSWER]


async def test_javascript_functions_are_called_by_their_camel_case_name(sandbox: Sandbox) -> None:
    execution = Execution("function", "two_sum")
    tests = [TestCase([[2, 7, 11], 9], [0, 1]), TestCase([[3, 3], 6], [0, 1])]
    code = (
        "function twoSum(nums, target) {\n"
        "  const seen = new Map();\n"
        "  for (let i = 0; i < nums.length; i++) {\n"
        "    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
        "    seen.set(nums[i], i);\n"
        "  }\n"
        "}\n"
    )
    result = await judge(
        sandbox, code, language=Language.JAVASCRIPT, execution=execution, tests=tests
    )
    assert result.verdict is Verdict.ACCEPTED, result.explanation


async def test_javascript_errors_and_async_functions(sandbox: Sandbox) -> None:
    code = "async function add(a, b) {\n  if (a === 5) null.x;\n  return a + b;\n}\n"
    result = await judge(sandbox, code, language=Language.JAVASCRIPT)
    assert [t.verdict for t in result.tests] == [
        Verdict.ACCEPTED,
        Verdict.RUNTIME_ERROR,
        Verdict.ACCEPTED,
    ]
    assert result.tests[1].error
    assert result.tests[1].error.startswith("TypeError")
    assert "(line 2)" in result.tests[1].error


async def test_typescript_is_transpiled_and_called(sandbox: Sandbox) -> None:
    code = "function add(a: number, b: number): number {\n  const sum: number = a + b;\n  return sum;\n}\n"
    result = await judge(sandbox, code, language=Language.TYPESCRIPT)
    assert result.verdict is Verdict.ACCEPTED, result.explanation


async def test_a_typescript_syntax_error_is_a_compile_error(sandbox: Sandbox) -> None:
    result = await judge(
        sandbox,
        "function add(a: number, b: number {\n  return a + b;\n}\n",
        language=Language.TYPESCRIPT,
    )
    assert result.verdict is Verdict.COMPILE_ERROR
    assert result.compile_output
    assert "<stdin>:1" in result.compile_output


async def test_a_custom_run_returns_the_programs_output_and_exit(sandbox: Sandbox) -> None:
    code = "import sys\ntext = input()\nprint(text[::-1])\nprint('oops', file=sys.stderr)\nsys.exit(2)\n"
    run = await sandbox.run(language=Language.PYTHON, code=code, stdin="abc\n", limits=FAST)
    assert (run.stdout, run.stderr, run.exit_code, run.status) == (
        "cba\n",
        "oops\n",
        2,
        "runtime_error",
    )
    ok = await sandbox.run(
        language=Language.JAVASCRIPT, code="console.log(40 + 2)", stdin="", limits=FAST
    )
    assert (ok.stdout, ok.exit_code, ok.status) == ("42\n", 0, "ok")
    assert ok.memory_kb


async def test_a_project_runs_its_own_test_command(sandbox: Sandbox) -> None:
    files = {
        "shop/cart.py": "def total(prices):\n    return sum(prices[1:])\n",
        "shop/__init__.py": "",
        "test_cart.py": (
            "import unittest\nfrom shop.cart import total\n"
            "class T(unittest.TestCase):\n    def test_total(self):\n"
            "        self.assertEqual(total([1, 2]), 3)\n"
        ),
    }
    run = await sandbox.run_project(
        language=Language.PYTHON,
        files=files,
        test_command=["python", "-m", "unittest", "-q"],
        limits=FAST,
    )
    assert run.status == "runtime_error"
    assert "AssertionError: 2 != 3" in run.stderr
    files["shop/cart.py"] = "def total(prices):\n    return sum(prices)\n"
    fixed = await sandbox.run_project(
        language=Language.PYTHON,
        files=files,
        test_command=["python", "-m", "unittest", "-q"],
        limits=FAST,
    )
    assert (fixed.status, fixed.exit_code) == ("ok", 0)


async def test_a_project_file_may_not_leave_the_project(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="inside the project"):
        await sandbox.run_project(
            language=Language.PYTHON,
            files={"../escape.py": ""},
            test_command=["python", "x.py"],
            limits=FAST,
        )


async def test_ten_tests_share_one_sandbox(sandbox: Sandbox, work_root: Path) -> None:
    tests = [TestCase([i, i], 2 * i) for i in range(10)]
    code = "import os\nseen = set()\ndef add(a, b):\n    seen.add(os.getpid())\n    return a + b if len(seen) == 1 else -1\n"
    result = await judge(sandbox, code, tests=tests)
    assert result.verdict is Verdict.ACCEPTED, result.explanation


async def test_unavailable_sandbox_fails_closed(
    work_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = Sandbox(SandboxConfig(bwrap_bin="/nonexistent/bwrap", work_root=work_root))
    result = await judge(missing, "def add(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.INTERNAL_ERROR
    assert all(t.verdict is Verdict.INTERNAL_ERROR for t in result.tests)
    run = await missing.run(language=Language.PYTHON, code="print(1)", stdin="", limits=FAST)
    assert run.status == "internal_error"
    no_cgroups = Sandbox(SandboxConfig(cgroup_root=work_root / "no-cgroups", work_root=work_root))
    assert (
        await judge(no_cgroups, "def add(a, b):\n    return a + b\n")
    ).verdict is Verdict.INTERNAL_ERROR


async def test_running_unsandboxed_needs_the_flag_and_warns_every_time(
    work_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bare = Sandbox(SandboxConfig(allow_unsandboxed=True, work_root=work_root))
    with caplog.at_level(logging.WARNING):
        result = await judge(bare, "def add(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.ACCEPTED, result.explanation
    assert "WITHOUT A SANDBOX" in caplog.text
