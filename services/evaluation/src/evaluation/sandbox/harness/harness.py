# Runs inside the sandbox: compiles the learner's code once, then answers the host's requests,
# one test at a time. The host times every test, decides every verdict and compares answers;
# this script only reports what the code did. No expected output ever reaches it.
#
# It starts on every submission, so it imports only modules the interpreter has already loaded
# (`posix`, `marshal`, `sys`, `builtins`): `json` or `signal` alone would cost more than the
# sandbox itself. Requests arrive as marshal (from the trusted host); replies leave as JSON lines.
from __future__ import annotations

import builtins
import marshal
import posix
import sys

TYPE_CHECKING = False  # `typing` alone would cost several milliseconds at every start
if TYPE_CHECKING:
    from typing import Any, NoReturn

REQUESTS, REPLIES = int(sys.argv[1]), int(sys.argv[2])
MAX_DEPTH = 1000
ESCAPES = {i: f"\\u{i:04x}" for i in range(32)} | {34: '\\"', 92: "\\\\"}
ESCAPES |= {i: f"\\u{i:04x}" for i in range(0xD800, 0xE000)}  # lone surrogates are not UTF-8
ESCAPES |= {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}


class NotJson(Exception):
    pass


class OutputLimit(BaseException):
    """Raised into the learner's print(); a BaseException so `except Exception` cannot hide it."""


def encode(value: Any, depth: int = 0) -> str:
    """JSON text of a value, as json.dumps would write it (tuples become lists, NaN null)."""
    if depth > MAX_DEPTH:
        raise NotJson("a value nested too deeply")
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        finite = value == value and value not in (float("inf"), float("-inf"))
        return float.__repr__(value) if finite else "null"
    if isinstance(value, str):
        return '"' + str.__str__(value).translate(ESCAPES) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join([encode(item, depth + 1) for item in value]) + "]"
    if isinstance(value, dict):
        pairs = [f"{encode(_key(k))}: {encode(v, depth + 1)}" for k, v in value.items()]
        return "{" + ", ".join(pairs) + "}"
    raise NotJson(f"a {type(value).__name__}")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool | int | float):
        return encode(key)
    raise NotJson(f"a dict with {type(key).__name__} keys")


def send(record: dict[str, Any], answer: str | None = None) -> None:
    """One reply line; `answer` is the test's return value, already JSON text."""
    text = encode(record)
    if answer is not None:
        text = f'{text[:-1]}, "actual": {answer}}}'
    data = (text + "\n").encode()
    while data:
        data = data[posix.write(REPLIES, data) :]


def receive() -> Any:
    head = _read(4)
    if head is None:
        return None
    return marshal.loads(_read(int.from_bytes(head, "big")) or b"")  # noqa: S302  from the host


def _read(size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = posix.read(REQUESTS, size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class Capture:
    """A per-test stdout or stderr that refuses to grow past the limit."""

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.flooded = False

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.size > self.limit:
            self.flooded = True
            raise OutputLimit
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        return "".join(self.parts)


def describe(error: BaseException) -> str:
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "solution.py":
            line = trace.tb_lineno
        trace = trace.tb_next
    where = f" (line {line})" if line else ""
    return f"{type(error).__name__}: {error}"[:2000] + where


def captured(call: Any, limit: int) -> dict[str, Any]:
    """Run `call` with print() captured; the outcome as the fields of a reply."""
    out, err = Capture(limit), Capture(limit)
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    reply: dict[str, Any] = {"status": "ok"}
    try:
        reply["actual"] = call()
    except OutputLimit:
        pass
    except SystemExit as error:
        reply.update(
            status="error",
            error_type="SystemExit",
            error=f"SystemExit: exit({error.code!r}) called",
        )
    except BaseException as error:  # the learner's failure is a result, not ours
        reply.update(status="error", error_type=type(error).__name__, error=describe(error))
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    if out.flooded or err.flooded:
        reply = {"status": "output"}
    reply.update(stdout=out.text(), stderr=err.text())
    return reply


def serve_functions(code: Any, entry_point: str, limit: int) -> None:
    module = type(sys)("solution")
    sys.modules["solution"] = module  # dataclasses and pickle look their module up here
    loaded = captured(lambda: exec(code, module.__dict__), limit)  # noqa: S102  the learner's code
    function: Any = getattr(module, entry_point, None)
    if loaded["status"] == "ok" and not callable(function):
        loaded.update(
            status="error",
            error_type="NameError",
            error=f"NameError: no function {entry_point}() is defined",
        )
    loaded.pop("actual", None)
    send({"kind": "loaded", **loaded})
    if loaded["status"] != "ok":
        return
    while (request := receive()) is not None:
        reply = captured(lambda: function(*request["input"]), limit)
        answer = None
        if reply["status"] == "ok":
            try:
                answer = encode(reply.pop("actual"))
            except (NotJson, ValueError, RecursionError) as error:
                reply.update(status="error", error_type="TypeError", error=_not_json(error))
        send({"kind": "result", "i": request["i"], **reply}, answer)


def _not_json(error: BaseException) -> str:
    if isinstance(error, NotJson):
        return f"TypeError: returned {error.args[0]}, which is not a JSON value"
    return "TypeError: returned a value that cannot be written as JSON"


def serve_programs(code: Any, limit: int) -> None:
    import select  # only stdio mode pays for it

    send({"kind": "loaded", "status": "ok", "stdout": "", "stderr": ""})
    while (request := receive()) is not None:
        reply = run_program(code, request["input"].encode(), limit, select)
        send({"kind": "result", "i": request["i"], **reply})


def run_program(code: Any, stdin: bytes, limit: int, select: Any) -> dict[str, Any]:
    """Fork, feed stdin, run the program as __main__, collect capped stdout and stderr."""
    source = posix.memfd_create("stdin")
    posix.write(source, stdin)
    posix.lseek(source, 0, 0)
    out_r, out_w = posix.pipe()
    err_r, err_w = posix.pipe()
    why_r, why_w = posix.pipe()
    pid = posix.fork()
    if pid == 0:
        for target, fd in ((0, source), (1, out_w), (2, err_w)):
            posix.dup2(fd, target)
        for fd in (source, out_r, out_w, err_r, err_w, why_r, REQUESTS, REPLIES):
            posix.close(fd)
        program_child(code, why_w)
    for fd in (source, out_w, err_w, why_w):
        posix.close(fd)
    streams, flooded = collect({out_r: bytearray(), err_r: bytearray()}, limit, select)
    if flooded:
        posix.kill(pid, 9)
    status = posix.waitpid(pid, 0)[1]
    why = posix.read(why_r, 200).decode(errors="replace")
    posix.close(why_r)
    reply: dict[str, Any] = {
        "status": "output" if flooded else "ok",
        "stdout": streams[out_r].decode(errors="replace"),
        "stderr": streams[err_r].decode(errors="replace"),
        "exit_code": posix.WEXITSTATUS(status) if posix.WIFEXITED(status) else None,
        "signal": posix.WTERMSIG(status) if posix.WIFSIGNALED(status) else None,
    }
    if why:
        reply["error_type"] = why
    return reply


def collect(
    streams: dict[int, bytearray], limit: int, select: Any
) -> tuple[dict[int, bytearray], bool]:
    poller = select.poll()
    for fd in streams:
        poller.register(fd, select.POLLIN)
    open_fds = set(streams)
    while open_fds:
        for fd, _ in poller.poll():
            chunk = posix.read(fd, 65536)
            if not chunk:
                poller.unregister(fd)
                open_fds.discard(fd)
                posix.close(fd)
                continue
            streams[fd] += chunk
            if len(streams[fd]) > limit:
                for other in open_fds:
                    posix.close(other)
                return {k: v[:limit] for k, v in streams.items()}, True
    return streams, False


def program_child(code: Any, why: int) -> NoReturn:
    status = 0
    try:
        exec(code, {"__name__": "__main__", "__builtins__": builtins})  # noqa: S102
    except SystemExit as error:
        status = _exit_status(error.code)
    except BaseException as error:
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__.tb_next)  # type: ignore[union-attr]
        posix.write(why, type(error).__name__.encode())
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # a closed or flooded pipe: nothing more to say
        status = status or 1
    posix._exit(status)


def _exit_status(code: Any) -> int:
    if code is None or isinstance(code, int):
        return (code or 0) & 0xFF
    print(code, file=sys.stderr)
    return 1


def main() -> None:
    builtins.exit = builtins.quit = sys.exit  # type: ignore[assignment]  # absent under -S
    posix.set_inheritable(REQUESTS, False)  # the learner's subprocesses get no channel
    posix.set_inheritable(REPLIES, False)
    setup = receive()
    sys.argv = ["solution.py"]
    sys.setrecursionlimit(100_000)
    try:
        with open(setup["source"], encoding="utf-8") as source:
            code = compile(source.read(), "solution.py", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        send({"kind": "compiled", "status": "error", "message": _compile_message(error)})
        return
    send({"kind": "compiled", "status": "ok"})
    if setup["mode"] == "function":
        serve_functions(code, setup["entry_point"], setup["max_output"])
    else:
        serve_programs(code, setup["max_output"])


def _compile_message(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error.msg} (line {error.lineno})"
    return f"{type(error).__name__}: {error}"


main()
