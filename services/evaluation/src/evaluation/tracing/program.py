"""Building the trace program and reading its answer; finding array and pointer variables."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

MAX_FRAMES = 2000
POINTER_NAMES = frozenset(
    {
        "i",
        "j",
        "k",
        "l",
        "r",
        "lo",
        "hi",
        "low",
        "high",
        "mid",
        "left",
        "right",
        "start",
        "end",
        "slow",
        "fast",
        "p",
        "q",
        "head",
        "tail",
        "front",
        "back",
        "idx",
        "index",
        "ptr",
        "cur",
        "write",
        "read",
    }
)


@dataclass(frozen=True)
class TraceProgram:
    source: str
    argv: list[str]
    stdin: str
    marker: str


@dataclass(frozen=True)
class Trace:
    frames: list[dict[str, Any]]
    array_variables: list[str]
    pointer_variables: dict[str, str]  # pointer -> the array it indexes
    result: Any = None
    error: str | None = None
    stdout: str = ""
    truncated: bool = False
    notes: list[str] = field(default_factory=list)


# TypeScript is transpiled by the JavaScript tracer, in the sandbox, and mapped back to its lines.
TRACERS = {
    "python": "tracer_program.py",
    "javascript": "tracer_program.js",
    "typescript": "tracer_program.js",
}


def trace_program(
    *, code: str, test_input: Any, entry_point: str | None, language: str = "python"
) -> TraceProgram:
    """The program to run in the sandbox; its answer comes after a marker nobody can guess."""
    marker = f"@@trace-{secrets.token_hex(8)}@@"
    source = files("evaluation.tracing").joinpath(TRACERS[language]).read_text()
    request = {"code": code, "test_input": test_input, "entry_point": entry_point}
    return TraceProgram(source, [str(MAX_FRAMES), marker], json.dumps(request), marker)


def read_trace(program: TraceProgram, stdout: str) -> Trace:
    """Parse the answer line; anything before it was printed by the learner's code."""
    _, found, answer = stdout.rpartition(program.marker)
    if not found:
        return Trace([], [], {}, error="the trace produced no result")
    try:
        data = json.loads(answer.strip().splitlines()[0])
    except (ValueError, IndexError):
        return Trace([], [], {}, error="the trace was too large to return")
    frames = data["frames"]
    arrays = array_variables(frames)
    return Trace(
        frames=frames,
        array_variables=arrays,
        pointer_variables=pointer_variables(frames, arrays),
        result=data.get("result"),
        error=data.get("error"),
        stdout=data.get("stdout", ""),
        truncated=bool(data.get("error", "") and "trace stopped" in data["error"]),
    )


def array_variables(frames: list[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for frame in frames:
        for name, value in frame["vars"].items():
            if (
                isinstance(value, list)
                and value
                and all(isinstance(v, int | float | str) for v in value)
            ):
                names[name] = None
    return list(names)


def pointer_variables(frames: list[dict[str, Any]], arrays: list[str]) -> dict[str, str]:
    """Integer variables that stay inside an array's bounds in every frame where both exist."""
    pointers: dict[str, str] = {}
    for array in arrays:
        for name in _int_names(frames):
            if name in pointers or name == array:
                continue
            pairs = [
                (f["vars"][name], len(f["vars"][array]))
                for f in frames
                if name in f["vars"] and isinstance(f["vars"].get(array), list)
            ]
            inside = pairs and all(-1 <= value <= size for value, size in pairs)
            if inside and (name in POINTER_NAMES or len({v for v, _ in pairs}) > 2):
                pointers[name] = array
    return pointers


def _int_names(frames: list[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for frame in frames:
        for name, value in frame["vars"].items():
            if isinstance(value, int) and not isinstance(value, bool):
                names[name] = None
    return list(names)
