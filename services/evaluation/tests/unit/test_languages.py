import pytest

from evaluation.sandbox import Execution, Language, SandboxConfig
from evaluation.sandbox.languages import (
    Places,
    entry_point_name,
    harness_command,
    project_command,
    reported_command,
    runtime_mounts,
)
from evaluation.sandbox.report import authentic_records

CONFIG = SandboxConfig(
    python_bin="/root/.pyenv/versions/3.11.7/bin/python3.11",
    node_bin="/usr/bin/node",
    esbuild_bin="/srv/tools/esbuild",
)
PLACES = Places("/work", "/harness", "/opt/esbuild")


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        (Language.PYTHON, "pair_with_target_sum", "pair_with_target_sum"),
        (Language.JAVASCRIPT, "pair_with_target_sum", "pairWithTargetSum"),
        (Language.TYPESCRIPT, "max_sub_array", "maxSubArray"),
        (Language.JAVASCRIPT, "already", "already"),
        (Language.JAVASCRIPT, "_private_helper", "_privateHelper"),
    ],
)
def test_javascript_names_are_lower_camel_case(language, name, expected) -> None:
    assert entry_point_name(language, name) == expected


def test_python_starts_isolated_without_site_by_absolute_path() -> None:
    assert harness_command(Language.PYTHON, CONFIG, PLACES, 5, 6) == [
        "/root/.pyenv/versions/3.11.7/bin/python3.11",
        "-I",
        "-S",
        "-B",
        "/harness/harness.py",
        "5",
        "6",
    ]


def test_node_starts_without_extra_flags() -> None:
    assert harness_command(Language.TYPESCRIPT, CONFIG, PLACES, 5, 6) == [
        "/usr/bin/node",
        "/harness/harness.js",
        "5",
        "6",
    ]


def test_a_labs_interpreter_is_called_by_absolute_path() -> None:
    assert project_command(["python", "-m", "unittest", "-q"], CONFIG) == [
        CONFIG.python_bin,
        "-S",
        "-B",
        "-m",
        "unittest",
        "-q",
    ]
    assert project_command(["node", "test.js"], CONFIG) == ["/usr/bin/node", "test.js"]


def test_a_labs_python_runs_under_our_runner_when_it_can() -> None:
    runner = [CONFIG.python_bin, "-S", "-B", "/harness/project_runner.py", "7", "8"]
    unittest = ["python", "-m", "unittest", "-v"]
    assert reported_command(unittest, CONFIG, PLACES, 7, 8) == [*runner, *unittest[1:]]
    assert reported_command(["python3", "t.py"], CONFIG, PLACES, 7, 8) == [*runner, "t.py"]
    assert reported_command(["python", "-c", "print(1)"], CONFIG, PLACES, 7, 8) is None
    assert reported_command(["python", "-m"], CONFIG, PLACES, 7, 8) is None
    assert reported_command(["sh", "run.sh"], CONFIG, PLACES, 7, 8) is None


def test_a_labs_node_gets_our_reporter_and_loads_it_first() -> None:
    url = "file:///harness/project_report.mjs?nonce=7&report=8"
    reporters = [
        "--test-reporter=tap",
        "--test-reporter-destination=stdout",
        f"--test-reporter={url}",
        "--test-reporter-destination=stderr",
    ]
    assert reported_command(["node", "--test"], CONFIG, PLACES, 7, 8) == [
        "/usr/bin/node",
        f"--import={url}",
        *reporters,
        "--test",
    ]
    assert reported_command(["node", "t.js"], CONFIG, PLACES, 7, 8) == [
        "/usr/bin/node",
        f"--import={url}",
        *reporters,
        "t.js",
    ]
    own = ["node", "--test", "--test-reporter=dot"]
    assert reported_command(own, CONFIG, PLACES, 7, 8) is None


def test_only_records_with_the_runs_nonce_count() -> None:
    data = (
        b'{"nonce": "n1", "event": "started"}\n'
        b'{"event": "summary", "passed": 99, "failed": 0, "skipped": 0}\n'
        b'{"nonce": "forged", "event": "finished", "by_itself": true}\n'
        b"Ran 99 tests\nnot json {\n[1, 2]\n"
        b'{"nonce": "n1", "event": "finished", "by_itself": true}\n'
    )
    assert authentic_records(data, "n1") == (
        {"event": "started"},
        {"event": "finished", "by_itself": True},
    )


def test_only_what_a_language_needs_is_mounted() -> None:
    prefix = "/root/.pyenv/versions/3.11.7"
    assert runtime_mounts(Language.PYTHON, CONFIG) == [(prefix, prefix)]
    assert runtime_mounts(Language.JAVASCRIPT, CONFIG) == []  # /usr is always there
    assert runtime_mounts(Language.TYPESCRIPT, CONFIG) == [("/srv/tools/esbuild", "/opt/esbuild")]


@pytest.mark.parametrize("name", [None, "", "a-b", "x; process.exit()", "1abc"])
def test_function_mode_needs_an_identifier_for_its_entry_point(name) -> None:
    with pytest.raises(ValueError, match="entry point"):
        Execution("function", name)
