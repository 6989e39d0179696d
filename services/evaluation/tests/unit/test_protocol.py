"""Replies are checked strictly: anything the harness never writes is a breach."""

import json
import marshal

import pytest

from evaluation.sandbox import Language
from evaluation.sandbox.protocol import NO_ANSWER, ProtocolError, encode_request, parse_reply


def test_requests_are_framed_marshal_for_python_and_json_for_node() -> None:
    message = {"i": 3, "input": [[1, 2], "x"]}
    python = encode_request(Language.PYTHON, message)
    node = encode_request(Language.TYPESCRIPT, message)
    assert marshal.loads(python[4:]) == message
    assert json.loads(node[4:]) == message
    assert int.from_bytes(node[:4], "big") == len(node) - 4


def test_a_result_reply_is_read_with_its_answer() -> None:
    line = b'{"kind": "result", "i": 2, "status": "ok", "stdout": "hi", "actual": [0, 1]}\n'
    reply = parse_reply(line, kind="result", index=2)
    assert (reply.status, reply.actual, reply.stdout) == ("ok", [0, 1], "hi")


def test_a_reply_without_an_answer_says_so() -> None:
    reply = parse_reply(b'{"kind": "result", "i": 0, "status": "error"}', kind="result", index=0)
    assert reply.actual is NO_ANSWER


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b"[1, 2]",
        b'{"kind": "loaded", "status": "ok"}',  # not the reply we asked for
        b'{"kind": "result", "i": 3, "status": "ok", "actual": 1}',  # another test's
        b'{"kind": "result", "i": true, "status": "ok"}',
        b'{"kind": "result", "i": 2, "status": "accepted"}',  # the harness never judges
        b'{"kind": "result", "i": 2, "status": "ok", "actual": NaN}',
        b'{"kind": "result", "i": 2, "status": "ok", "stdout": 5}',
        b'{"kind": "result", "i": 2, "status": "ok", "exit_code": "0"}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_anything_else_is_a_protocol_breach(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_reply(line, kind="result", index=2)
