"""Every debug lab proves itself in the real sandbox: the shipped project fails, the fix passes.

For each `debug_lab/<id>/item.yaml` (Python and JavaScript alike): the item's fields are
complete and its enums valid; the shipped project fails its visible tests; the hidden tests
catch the bug on their own and together with the visible ones; and the project with the
hidden tests and the solution overlaid passes everything. A broken item fails with its name
(the test id is the item's folder).
"""

from __future__ import annotations

import asyncio
import functools
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.packfiles import PackItem, read_pack
from contracts.catalogue import Kind
from contracts.debug_lab import DEFECT_CATEGORIES, DIFFICULTIES, PRIORITIES, SEVERITIES
from evaluation.domain.project_tests import Judgement, judge
from evaluation.sandbox import Language, Limits, RunResult, Sandbox, SandboxConfig

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
ITEMS = sorted(PACK.glob("debug_lab/*/item.yaml"))
FOLDERS = [path.parent.name for path in ITEMS]
LANGUAGES = {"python": Language.PYTHON, "javascript": Language.JAVASCRIPT}
PYTHON_TEST_COMMAND = "python -m unittest discover -s tests -t . -v"
REQUIRED = (
    "id",
    "title",
    "description",
    "difficulty",
    "language",
    "files",
    "test_command",
    "visible_tests",
    "hidden_tests",
    "defect_category",
    "severity",
    "priority",
    "signals",
    "tools_expected",
    "required_triage",
    "expected_first_actions",
    "observability_snapshot",
    "solution",
)
# Generous: the pack check runs beside other tests on a small machine.
LIMITS = Limits(time_limit_ms=20000)
PARALLEL = asyncio.Semaphore(2)


@functools.cache
def debug_labs() -> dict[str, PackItem]:
    """The pack's debug labs as the loader reads them, by folder name."""
    return {item.path.parent.name: item for item in read_pack(PACK) if item.kind is Kind.DEBUG_LAB}


def declared(folder: str) -> dict[str, Any]:
    """item.yaml as written (the loader replaces `files` with the project tree)."""
    data: dict[str, Any] = yaml.safe_load((PACK / "debug_lab" / folder / "item.yaml").read_text())
    return data


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    return Sandbox(SandboxConfig())


def project_files(data: dict[str, Any]) -> dict[str, str]:
    return {f["path"]: f["content"] for f in data["files"]}


def hidden_files(data: dict[str, Any]) -> dict[str, str]:
    return {f["path"]: f["content"] for f in data["hidden_files"]}


async def run_tests(sandbox: Sandbox, data: dict[str, Any], files: dict[str, str]) -> RunResult:
    async with PARALLEL:
        return await sandbox.run_project(
            language=LANGUAGES[data["language"]],
            files=files,
            test_command=shlex.split(data["test_command"]),
            limits=LIMITS,
        )


def judged(run: RunResult) -> Judgement:
    """As evaluation judges it: exit status and the runner's own record."""
    return judge(run.status, run.exit_code, run.report)


def tail(run: RunResult, chars: int = 1500) -> str:
    return (
        f"status={run.status} exit_code={run.exit_code} signal={run.signal}\n"
        f"judged={judged(run)} report={run.report}\n"
        f"--- stdout (tail) ---\n{run.stdout[-chars:]}\n"
        f"--- stderr (tail) ---\n{run.stderr[-chars:]}"
    )


def test_every_debug_lab_is_loaded() -> None:
    assert sorted(debug_labs()) == FOLDERS
    assert FOLDERS, "the pack has no debug labs"


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDERS)
def test_a_debug_lab_is_complete(folder: str) -> None:
    data = debug_labs()[folder].data
    raw = declared(folder)
    missing = [field for field in REQUIRED if field not in raw]
    assert not missing, f"missing fields: {missing}"
    assert data["id"] == folder
    assert data["title"].strip()
    assert len(data["description"].split()) >= 40, "describe the incident as a user reports it"
    assert data["difficulty"] in DIFFICULTIES
    assert data["language"] in LANGUAGES
    assert data["defect_category"] in DEFECT_CATEGORIES
    assert data["severity"] in SEVERITIES
    assert data["priority"] in PRIORITIES
    assert data["signals"]
    assert data["tools_expected"]
    assert data["required_triage"] is True
    actions = data["expected_first_actions"]
    assert 3 <= len(actions) <= 5
    assert all(isinstance(a, str) and a.strip() and a == a.lower() for a in actions), actions
    snapshot = data["observability_snapshot"]
    assert {"red", "use", "logs"} <= set(snapshot)
    assert all({"rate", "error_rate", "duration"} <= set(red) for red in snapshot["red"])
    assert all({"p50", "p95", "p99"} <= set(red["duration"]) for red in snapshot["red"])
    assert all(
        {"resource", "utilization", "saturation", "errors"} <= set(use) for use in snapshot["use"]
    )
    assert snapshot["logs"]
    assert data["solution"]["explanation"].strip()
    if data["language"] == "python":
        assert data["test_command"] == PYTHON_TEST_COMMAND

    # every file of project/ is listed, and every listed file exists
    project = project_files(data)
    listed = {f["path"]: f["editable"] for f in raw["files"]}
    assert set(listed) == set(project), "item.yaml `files` must list exactly project/"
    editable = {f["path"] for f in data["files"] if f["editable"]}
    assert editable, "nothing to fix"
    visible = data["visible_tests"]
    assert visible, "no visible tests"
    assert set(visible) <= set(project) - editable, "visible tests must be read-only project files"

    # hidden/ mirrors the project tree; the solution only overlays editable project files
    hidden = hidden_files(data)
    assert hidden, "no hidden tests"
    assert set(data["hidden_tests"]) == set(hidden)
    assert not set(hidden) & set(project), "a hidden test would replace a project file"
    solution = data["solution"]["files"]
    assert solution, "no solution files"
    assert set(solution) <= editable, "the solution may only change editable project files"
    unchanged = [path for path in solution if solution[path] == project[path]]
    assert not unchanged, f"solution files identical to the shipped ones: {unchanged}"


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDERS)
async def test_a_debug_lab_fails_as_shipped_and_passes_when_fixed(
    folder: str, sandbox: Sandbox
) -> None:
    data = debug_labs()[folder].data
    project = project_files(data)
    hidden = hidden_files(data)
    without_visible = {p: c for p, c in project.items() if p not in data["visible_tests"]}
    shipped, hidden_alone, shipped_with_hidden, fixed = await asyncio.gather(
        run_tests(sandbox, data, project),
        run_tests(sandbox, data, {**without_visible, **hidden}),
        run_tests(sandbox, data, {**project, **hidden}),
        run_tests(sandbox, data, {**project, **hidden, **data["solution"]["files"]}),
    )
    for run in (shipped, hidden_alone, shipped_with_hidden):  # failing tests, not a crash
        assert judged(run).signal_type == "test_failure", tail(run)
    assert shipped.status != "ok", f"the shipped project passes its visible tests\n{tail(shipped)}"
    assert hidden_alone.status != "ok", (
        f"the hidden tests alone do not catch the bug\n{tail(hidden_alone)}"
    )
    assert shipped_with_hidden.status != "ok", (
        f"the shipped project passes with the hidden tests\n{tail(shipped_with_hidden)}"
    )
    assert fixed.status == "ok", f"the solution does not pass every test\n{tail(fixed)}"
    assert judged(fixed).passed, f"the solution's run is not judged a pass\n{tail(fixed)}"
