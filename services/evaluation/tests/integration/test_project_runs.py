# ruff: noqa: E501  (the programs under test read best unwrapped)
"""Debug-lab test runs in the real sandbox: judged by exit status and the runner's own record."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.practice import ProjectSpec
from evaluation.sandbox import Sandbox, SandboxConfig
from evaluation.services import projects
from evaluation.services.projects import ProjectOutcome

pytestmark = pytest.mark.integration

UNITTEST = "python -m unittest discover -s tests -t . -v"
PY_TESTS = {
    "tests/__init__.py": "",
    "tests/test_calc.py": (
        "import unittest\nfrom calc import add\n\n\nclass Calc(unittest.TestCase):\n"
        "    def test_small(self):\n        self.assertEqual(add(1, 2), 3)\n\n"
        "    def test_zero(self):\n        self.assertEqual(add(0, 0), 0)\n"
    ),
}
PY_HIDDEN = {
    "tests/test_secret_edge.py": (
        "import unittest\nfrom calc import add\n\n\nclass SecretEdge(unittest.TestCase):\n"
        "    def test_negative_numbers(self):\n        self.assertEqual(add(-2, -3), -5)\n\n"
        "    def test_big_numbers(self):\n        self.assertEqual(add(10**20, 1), 10**20 + 1)\n\n"
        "    def test_floats(self):\n        self.assertEqual(add(0.5, 0.5), 1.0)\n"
    ),
}
GOOD_PY = "def add(a, b):\n    return a + b\n"
BAD_PY = "def add(a, b):\n    return a + b if a >= 0 else b\n"  # passes the visible tests only
WRONG_PY = "def add(a, b):\n    return a - b\n"
NODE_TESTS = {
    "test/calc.test.js": (
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
        "const { add } = require('../calc');\n"
        "test('small', () => assert.strictEqual(add(1, 2), 3));\n"
        "test('zero', () => assert.strictEqual(add(0, 0), 0));\n"
    ),
}
WRONG_JS = "exports.add = (a, b) => a - b;\n"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    work_root: Path = tmp_path_factory.mktemp("project-runs")
    return Sandbox(SandboxConfig(work_root=work_root))


async def run(
    sandbox: Sandbox,
    files: dict[str, str],
    command: str = UNITTEST,
    *,
    hidden: dict[str, str] | None = None,
    language: str = "python",
) -> ProjectOutcome:
    spec = ProjectSpec(
        item_id="calc",
        language=language,  # type: ignore[arg-type]
        test_command=command,
        files=files,
        hidden_files=hidden or {},
        time_limit_ms=15_000,
    )
    return await projects.test_project(sandbox, spec)


def shown(outcome: ProjectOutcome) -> tuple[bool, str, int, int]:
    visible = outcome.feedback["visible"]
    return (
        visible["passed"],
        visible["signal_type"],
        visible["tests_passed"],
        visible["tests_total"],
    )


async def test_unittest_counts_come_from_the_runner(sandbox: Sandbox) -> None:
    failing = await run(sandbox, {**PY_TESTS, "calc.py": WRONG_PY})
    assert shown(failing) == (False, "test_failure", 1, 2)  # add(0, 0) is still 0
    assert "test_small" in failing.feedback["visible"]["stderr"]  # the runner's own output stays
    fixed = await run(sandbox, {**PY_TESTS, "calc.py": GOOD_PY})
    assert (fixed.verdict, shown(fixed)) == ("accepted", (True, "success", 2, 2))


async def test_an_atexit_hook_printing_a_summary_does_not_pass(sandbox: Sandbox) -> None:
    forger = (
        "import atexit, sys\n"
        "atexit.register(lambda: (print('Ran 2 tests in 0.001s\\n\\nOK', file=sys.stderr), print('# tests 2\\n# pass 2\\n# fail 0')))\n"
        + WRONG_PY
    )
    outcome = await run(sandbox, {**PY_TESTS, "calc.py": forger})
    assert outcome.verdict == "wrong_answer"
    assert shown(outcome) == (False, "test_failure", 1, 2)
    assert outcome.feedback["visible"]["stderr"].rstrip().endswith("OK")  # it did print


async def test_an_exit_hook_that_turns_failures_into_exit_0_does_not_pass(sandbox: Sandbox) -> None:
    forger = "import atexit, os\natexit.register(lambda: os._exit(0))\n" + WRONG_PY
    outcome = await run(sandbox, {**PY_TESTS, "calc.py": forger})
    assert outcome.feedback["visible"]["exit_code"] == 0
    assert (outcome.verdict, shown(outcome)) == ("wrong_answer", (False, "test_failure", 1, 2))


async def test_leaving_before_the_runner_finishes_is_a_crash(sandbox: Sandbox) -> None:
    quitter = "import os\n\ndef add(a, b):\n    os._exit(0)\n"
    outcome = await run(sandbox, {**PY_TESTS, "calc.py": quitter})
    assert outcome.feedback["visible"]["exit_code"] == 0
    assert (outcome.verdict, shown(outcome)[:2]) == ("runtime_error", (False, "crash"))


@pytest.mark.parametrize("command", ["node --test", "node test/calc.test.js"])
async def test_a_node_exit_handler_printing_a_summary_does_not_pass(
    sandbox: Sandbox, command: str
) -> None:
    forger = (
        "process.on('exit', () => { console.log('# tests 2\\n# pass 2\\n# fail 0'); process.exitCode = 0; });\n"
        + WRONG_JS
    )
    outcome = await run(sandbox, {**NODE_TESTS, "calc.js": forger}, command, language="javascript")
    assert (outcome.verdict, shown(outcome)) == ("wrong_answer", (False, "test_failure", 1, 2))
    assert "pass 2" in outcome.feedback["visible"]["stdout"]
    fixed = {**NODE_TESTS, "calc.js": "exports.add = (a, b) => a + b;\n"}
    passed = await run(sandbox, fixed, command, language="javascript")
    assert (passed.verdict, shown(passed)) == ("accepted", (True, "success", 2, 2))


async def test_node_code_that_exits_early_does_not_pass(sandbox: Sandbox) -> None:
    quitter = "exports.add = () => process.exit(0);\n"
    files = {**NODE_TESTS, "calc.js": quitter}
    for command in ("node --test", "node test/calc.test.js"):
        outcome = await run(sandbox, files, command, language="javascript")
        assert outcome.verdict != "accepted", command
        assert shown(outcome)[0] is False, command


async def test_a_plain_test_script_is_judged_by_its_exit_status(sandbox: Sandbox) -> None:
    script = {
        "test_calc.py": "from calc import add\n\nassert add(2, 3) == 5\nprint('add(2, 3) == 5: ok')\n"
    }
    passed = await run(sandbox, {**script, "calc.py": GOOD_PY}, "python3 test_calc.py")
    assert (passed.verdict, shown(passed)) == ("accepted", (True, "success", 1, 1))
    assert passed.feedback["visible"]["stdout"] == "add(2, 3) == 5: ok\n"
    failed = await run(sandbox, {**script, "calc.py": WRONG_PY}, "python3 test_calc.py")
    assert (failed.verdict, shown(failed)) == ("wrong_answer", (False, "test_failure", 0, 1))
    assert "AssertionError" in failed.feedback["visible"]["stderr"]
    # The code under test cannot end the script early with a clean exit.
    quitter = "import sys\nsys.exit(0)\n"
    cut = await run(sandbox, {**script, "calc.py": quitter}, "python3 test_calc.py")
    assert (cut.verdict, shown(cut)[:2]) == ("runtime_error", (False, "crash"))
    node = {
        "check.js": "const { add } = require('./calc');\nif (add(2, 3) !== 5) process.exit(1);\nconsole.log('ok');\n"
    }
    for code, expected in (("exports.add = (a, b) => a + b;\n", True), (WRONG_JS, False)):
        outcome = await run(
            sandbox, {**node, "calc.js": code}, "node check.js", language="javascript"
        )
        assert shown(outcome)[0] is expected


async def test_a_printed_summary_with_nonsense_counts_is_just_output(sandbox: Sandbox) -> None:
    noisy = (
        "import atexit, sys\natexit.register(lambda: print('Ran 2 tests in 0s\\n\\nFAILED (failures=abc)', file=sys.stderr))\n"
        + GOOD_PY
    )
    outcome = await run(sandbox, {**PY_TESTS, "calc.py": noisy})
    assert (outcome.verdict, shown(outcome)) == ("accepted", (True, "success", 2, 2))


async def test_hidden_tests_show_counts_only_and_cannot_be_recounted(sandbox: Sandbox) -> None:
    # The learner's code prints a summary in every run; the hidden run's output never leaves.
    boast = (
        "import atexit, sys\natexit.register(lambda: print('Ran 50 tests in 0.1s\\n\\nOK', file=sys.stderr))\n"
        + GOOD_PY
    )
    outcome = await run(sandbox, {**PY_TESTS, "calc.py": boast}, hidden=PY_HIDDEN)
    assert outcome.feedback["hidden"] == {"passed": True, "tests_passed": 3, "tests_total": 3}
    assert (outcome.tests_passed, outcome.tests_total) == (5, 5)
    assert "secret" not in str(outcome.feedback).lower()
    assert "negative_numbers" not in outcome.explanation
    gamed = await run(sandbox, {**PY_TESTS, "calc.py": BAD_PY}, hidden=PY_HIDDEN)
    assert shown(gamed)[0] is True
    assert gamed.feedback["hidden"] == {"passed": False, "tests_passed": 2, "tests_total": 3}
    assert gamed.verdict == "wrong_answer"
    assert "SecretEdge" not in str(gamed.feedback)
