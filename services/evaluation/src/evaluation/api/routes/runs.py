"""`/api/v1/runs`: run code on custom input, or trace it step by step, without submitting."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from evaluation.pool import JudgePool
from evaluation.sandbox import Language, Limits, Sandbox
from evaluation.tracing.program import read_trace, trace_program
from servicekit.auth import CurrentUser
from servicekit.runtime import RuntimeDep

router = APIRouter(prefix="/api/v1/runs", tags=["runs"])
RUN_LIMITS = Limits(time_limit_ms=5000, memory_mb=256)
TRACE_LIMITS = Limits(time_limit_ms=5000, memory_mb=256, max_output_bytes=8 * 2**20)
MAX_CODE = 64 * 1024


class RunRequest(BaseModel):
    language: Literal["python", "javascript", "typescript"]
    code: str = Field(min_length=1, max_length=MAX_CODE)
    stdin: str = Field(default="", max_length=MAX_CODE)


class RunOut(BaseModel):
    stdout: str
    stderr: str
    exit_code: int | None
    signal: int | None
    duration_ms: float
    memory_kb: int | None
    status: str


class TraceRequest(BaseModel):
    language: Literal["python", "javascript", "typescript"]
    code: str = Field(min_length=1, max_length=MAX_CODE)
    test_input: list[Any] | None = None
    entry_point: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class TraceOut(BaseModel):
    frames: list[dict[str, Any]]
    array_variables: list[str]
    pointer_variables: dict[str, str]
    result: Any = None
    error: str | None = None
    stdout: str = ""
    truncated: bool = False


def _sandbox(runtime: RuntimeDep) -> Sandbox:
    sandbox: Sandbox = runtime.extras["sandbox"]
    return sandbox


def _pool(runtime: RuntimeDep) -> JudgePool:
    pool: JudgePool = runtime.extras["pool"]
    return pool


TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"description": "The user has too many runs waiting or running (Retry-After)"}
}


@router.post("", response_model=RunOut, responses=TOO_MANY)
async def run_code(body: RunRequest, user: CurrentUser, runtime: RuntimeDep) -> RunOut:
    sandbox = _sandbox(runtime)
    result = await _pool(runtime).run_for(
        user.user_id,
        lambda: sandbox.run(
            language=Language(body.language), code=body.code, stdin=body.stdin, limits=RUN_LIMITS
        ),
    )
    return RunOut.model_validate(result, from_attributes=True)


@router.post("/trace", response_model=TraceOut, responses=TOO_MANY)
async def trace_code(body: TraceRequest, user: CurrentUser, runtime: RuntimeDep) -> TraceOut:
    program = trace_program(
        code=body.code,
        test_input=body.test_input,
        entry_point=body.entry_point,
        language=body.language,
    )
    sandbox = _sandbox(runtime)
    run = await _pool(runtime).run_for(
        user.user_id,
        lambda: sandbox.run_script(
            source=program.source,
            argv=program.argv,
            stdin=program.stdin,
            limits=TRACE_LIMITS,
            language=Language(body.language),
        ),
    )
    trace = read_trace(program, run.stdout)
    if trace.error is None and run.status != "ok":
        trace = read_trace(program, "")  # the tracer itself was stopped (time, memory)
    return TraceOut.model_validate(trace, from_attributes=True)
