# mypy: ignore-errors
# ruff: noqa: S102
# Runs inside the sandbox: loads the learner's code once and runs every test, reporting on fd 3.
# Expected outputs never come here; the host compares. Standard library only, fast to import.
import io
import json
import os
import resource
import signal
import sys
import time

config = json.loads(sys.stdin.read())
RESULTS = os.fdopen(os.dup(config["results_fd"]), "w")
os.close(config["results_fd"])  # the learner's code finds no channel under the announced number
LIMIT = config["time_limit_ms"] / 1000
MAX_OUTPUT = config["max_output_bytes"]
sys.setrecursionlimit(200_000)


class TimeUp(BaseException):
    pass


class OutputFlood(BaseException):
    pass


class Capped(io.TextIOBase):
    def __init__(self):
        self.parts, self.size = [], 0

    def write(self, text):
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise OutputFlood
        self.parts.append(text)
        return len(text)

    def value(self):
        return "".join(self.parts)


def on_alarm(*_):
    raise TimeUp


signal.signal(signal.SIGALRM, on_alarm)


def emit(record):
    RESULTS.write(json.dumps(record) + "\n")
    RESULTS.flush()


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def describe(exc):
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "solution.py":
            frames.append(tb.tb_lineno)
        tb = tb.tb_next
    where = f" (line {frames[-1]})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"[:2000]


def run(index, call):
    out, err = Capped(), Capped()
    sys.stdout, sys.stderr = out, err
    record = {"i": index, "status": "ok"}
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    try:
        record["actual"] = call()
    except TimeUp:
        record["status"] = "timeout"
    except OutputFlood:
        record["status"] = "output"
    except MemoryError:
        record["status"] = "memory"
    except SystemExit as exc:
        if exc.code not in (None, 0):
            record.update(status="error", error=f"exited with code {exc.code}")
    except BaseException as exc:  # the learner's error is a result, not a harness failure
        record.update(status="error", error=describe(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    record["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
    record["memory_kb"] = peak_kb()
    record["stdout"], record["stderr"] = out.value()[:MAX_OUTPUT], err.value()[:MAX_OUTPUT]
    if record["status"] in ("timeout", "memory"):
        emit(record)
        sys.exit(0)  # the rest would fail the same way; do not make the learner wait for it
    if record["status"] == "ok" and config["mode"] == "function":
        try:
            record["actual"] = json.loads(json.dumps(record["actual"]))
        except (TypeError, ValueError, RecursionError):
            kind = type(record.pop("actual")).__name__
            record.update(status="error", error=f"returned a {kind}, which is not a JSON value")
    emit(record)


try:
    with open(config["solution"], encoding="utf-8") as source_file:
        code = compile(source_file.read(), "solution.py", "exec")
except SyntaxError as exc:
    emit({"compile": "error", "message": f"SyntaxError: {exc.msg} (line {exc.lineno})"})
    sys.exit(0)
emit({"compile": "ok"})

if config["mode"] == "function":
    namespace = {"__name__": "solution"}

    def load():
        exec(code, namespace)
        if not callable(namespace.get(config["entry_point"])):
            raise NameError(f"define a function named {config['entry_point']}")

    run(-1, load)
    for index, args in enumerate(config["inputs"]):
        run(index, lambda args=args: namespace[config["entry_point"]](*args))
else:
    for index, text in enumerate(config["inputs"]):

        def program(text=text):
            sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8")
            try:
                exec(code, {"__name__": "__main__"})
            finally:
                sys.stdin = sys.__stdin__
            return None

        run(index, program)
