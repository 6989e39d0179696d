# mypy: ignore-errors
# ruff: noqa: S102
# The program the sandbox runs for a trace (exec of the learner's code is its job); program.py
# reads it as text, it is never imported. It must use only the standard library.
import json
import sys

MAX_FRAMES = int(sys.argv[1])
MAX_ITEMS = 50
MARKER = sys.argv[2]
request = json.loads(sys.stdin.read())
frames = []


def plain(value, depth=0):
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value if not isinstance(value, str) else value[:200]
    if depth < 2 and isinstance(value, list | tuple):
        return [plain(v, depth + 1) for v in value[:MAX_ITEMS]]
    if depth < 2 and isinstance(value, dict):
        return {str(k)[:50]: plain(v, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
    if depth < 2 and isinstance(value, set):
        return sorted((plain(v, depth + 1) for v in list(value)[:MAX_ITEMS]), key=repr)
    return repr(value)[:100]


class TraceFull(Exception):
    pass


def tracer(frame, event, arg):
    if frame.f_code.co_filename != "<learner>":
        return None
    if event == "line":
        if len(frames) >= MAX_FRAMES:
            raise TraceFull
        names = {
            k: v
            for k, v in frame.f_locals.items()
            if not k.startswith("__") and not callable(v) and k != "self"
        }
        frames.append(
            {
                "iter": len(frames),
                "line": frame.f_lineno,
                "function": frame.f_code.co_name,
                "vars": {k: plain(v) for k, v in names.items()},
            }
        )
    return tracer


captured = []


class Capture:
    def write(self, text):
        captured.append(text)
        return len(text)

    def flush(self):
        pass


error = None
result = None
real_stdout = sys.stdout
sys.stdout = Capture()
namespace = {"__name__": "__main__"}
try:
    code = compile(request["code"], "<learner>", "exec")
    sys.settrace(tracer)
    try:
        exec(code, namespace)
        entry = request.get("entry_point")
        if entry is None and request.get("test_input") is not None:
            functions = [
                v
                for v in namespace.values()
                if callable(v)
                and getattr(v, "__code__", None)
                and v.__code__.co_filename == "<learner>"
            ]
            entry = functions[-1].__name__ if functions else None
        if entry is not None:
            args = request.get("test_input") or []
            result = plain(namespace[entry](*args))
    finally:
        sys.settrace(None)
except TraceFull:
    error = f"trace stopped after {MAX_FRAMES} steps"
except SyntaxError as exc:
    error = f"SyntaxError: {exc.msg} (line {exc.lineno})"
except Exception as exc:  # the learner's own error is part of the trace
    error = f"{type(exc).__name__}: {exc}"
sys.stdout = real_stdout
print(
    MARKER
    + json.dumps(
        {"frames": frames, "result": result, "error": error, "stdout": "".join(captured)[:10000]}
    )
)
