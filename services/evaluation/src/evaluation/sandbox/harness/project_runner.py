# Runs inside the sandbox: a debug lab's Python test command (`python -m MODULE ...` or
# `python SCRIPT ...`), with unittest's results reported to the host on a channel of their own.
#
# Usage: project_runner.py NONCE_FD REPORT_FD (-m MODULE | SCRIPT) ARGS...
# The host writes a nonce on NONCE_FD; it is read here before any of the project's code exists,
# and every record sent on REPORT_FD carries it, so nothing the project prints (or writes to that
# fd without the nonce) counts. Records: `started`; one `summary` per unittest run, taken from the
# TestResult itself, never from text; `finished`, saying whether the command came to its own end
# (`by_itself` is false when the project's code, not the script or unittest, called sys.exit).
from __future__ import annotations

import os
import runpy
import sys
import traceback
import unittest
import unittest.runner
from collections.abc import Callable
from types import TracebackType
from typing import Any

NONCE_FD, REPORT_FD = int(sys.argv[1]), int(sys.argv[2])
COMMAND = sys.argv[3:]
OURS = (os.path.abspath(__file__), os.path.abspath(runpy.__file__), "<frozen runpy>")
UNITTEST = os.path.dirname(os.path.abspath(unittest.__file__)) + os.sep


def _read_nonce() -> str:
    data = b""
    while chunk := os.read(NONCE_FD, 64):
        data += chunk
    os.close(NONCE_FD)
    return data.decode("ascii", "replace").strip()


def _reporter(nonce: str) -> Callable[[str], None]:
    """send(fields): one JSON line with the nonce, which lives only in this closure."""
    os.set_inheritable(REPORT_FD, False)  # programs the project starts get no copy

    def send(fields: str) -> None:
        data = ('{"nonce": "%s", %s}\n' % (nonce, fields)).encode()  # noqa: UP031
        while data:
            data = data[os.write(REPORT_FD, data) :]

    return send


send = _reporter(_read_nonce())
del _reporter, _read_nonce


class _ReportingRunner(unittest.runner.TextTestRunner):
    """unittest's own runner, unchanged on screen, that reports each run's result to the host."""

    def run(self, test: Any) -> Any:
        result = super().run(test)
        skipped = len(result.skipped) + len(result.expectedFailures)
        failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
        passed = max(result.testsRun - skipped - failed, 0)
        send(f'"event": "summary", "passed": {passed}, "failed": {failed}, "skipped": {skipped}')
        return result


# unittest.main() looks its runner up here when it runs, from `-m unittest` or from a script.
unittest.runner.TextTestRunner = _ReportingRunner  # type: ignore[misc]
unittest.TextTestRunner = _ReportingRunner  # type: ignore[misc]


def _last_file(trace: TracebackType | None) -> str:
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return os.path.abspath(trace.tb_frame.f_code.co_filename) if trace is not None else ""


def _without_ours(trace: TracebackType | None) -> TracebackType | None:
    while trace is not None and trace.tb_frame.f_code.co_filename in OURS:
        trace = trace.tb_next
    return trace


def _finished(by_itself: bool) -> None:
    send(f'"event": "finished", "by_itself": {"true" if by_itself else "false"}')


def main() -> None:
    if COMMAND[0] == "-m":
        module, args = COMMAND[1], COMMAND[2:]
        sys.argv = [module, *args]
        sys.path[0] = os.getcwd()  # as `python -m` does
        own_files: tuple[str, ...] = (UNITTEST,)
        run: Callable[[], object] = lambda: runpy.run_module(  # noqa: E731
            module, run_name="__main__", alter_sys=True
        )
    else:
        script, args = COMMAND[0], COMMAND[1:]
        sys.argv = [script, *args]
        sys.path[0] = os.path.dirname(os.path.abspath(script))  # as `python SCRIPT` does
        own_files = (os.path.abspath(script), UNITTEST)
        run = lambda: runpy.run_path(script, run_name="__main__")  # noqa: E731
    send('"event": "started"')
    try:
        run()
    except SystemExit as error:
        _finished(_last_file(error.__traceback__).startswith(own_files))
        raise
    except Exception as error:  # a failing plain script ends with its traceback, by itself
        _finished(True)
        traceback.print_exception(type(error), error, _without_ours(error.__traceback__))
        sys.exit(1)
    _finished(True)


main()
