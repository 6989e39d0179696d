"""Hostile submissions: each ends not accepted (or harmless), and leaves the host untouched.

Every attack returns the right answer only if it got what it was after, so "accepted"
would mean the attack worked. After each: the judge still works, no host file changed,
no sandbox process is left, and the decoy secret in our environment was never readable.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.sandbox import (
    Execution,
    Language,
    Limits,
    Sandbox,
    SandboxConfig,
    TestCase,
    Verdict,
)

pytestmark = pytest.mark.integration

DECOY = f"decoy-{uuid.uuid4().hex}"
TESTS = [TestCase([1, 2], 3), TestCase([5, 5], 10, is_hidden=True)]
LIMITS = Limits(
    time_limit_ms=1500,
    memory_mb=128,
    max_processes=32,
    max_output_bytes=16384,
    max_file_bytes=1 << 20,
)


@pytest.fixture(scope="module")
def listener() -> Iterator[int]:
    """A host service the sandbox must never reach (stands in for gateway and broker)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


@pytest.fixture(scope="module")
def sentinel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("host") / "sentinel.txt"
    path.write_text("untouched")
    return path


@pytest.fixture(scope="module", autouse=True)
def decoy_secret() -> Iterator[None]:
    os.environ["WHETSTONE_DECOY_SECRET"] = DECOY
    yield
    del os.environ["WHETSTONE_DECOY_SECRET"]


PY_ATTACKS = {
    "fork bomb": "import os\ndef add(a, b):\n    while True:\n        os.fork()\n",
    "thread bomb": (
        "import threading, time\ndef add(a, b):\n    while True:\n"
        "        threading.Thread(target=time.sleep, args=(60,)).start()\n"
    ),
    "memory bomb": "def add(a, b):\n    blocks = []\n    while True:\n        blocks.append(bytearray(10**7))\n",
    "output flood with newlines": "def add(a, b):\n    while True:\n        print('spam')\n",
    "output flood without newlines": (
        "import os\ndef add(a, b):\n    while True:\n        os.write(1, b'x' * 65536)\n"
    ),
    "disk fill in work": (
        "def add(a, b):\n    with open('/work/fill', 'wb') as f:\n"
        "        while True:\n            f.write(b'x' * 65536)\n"
    ),
    "disk fill in tmp": (
        "def add(a, b):\n    with open('/tmp/fill', 'wb') as f:\n"
        "        while True:\n            f.write(b'x' * 65536)\n"
    ),
    "network to a host service": (
        "import socket\ndef add(a, b):\n"
        "    socket.create_connection(('127.0.0.1', PORT), 1)\n"
        "    return a + b\n"
    ),
    "network to the broker port": (
        "import socket\ndef add(a, b):\n"
        "    socket.create_connection(('127.0.0.1', 9092), 1)\n"
        "    return a + b\n"
    ),
    "cloud metadata address": (
        "import socket\ndef add(a, b):\n"
        "    socket.create_connection(('169.254.169.254', 80), 1)\n"
        "    return a + b\n"
    ),
    "reading the environment": "import os\ndef add(a, b):\n    return a + b if 'decoy-' in str(os.environ) else -1\n",
    "reading /proc for secrets": (
        "import os\ndef add(a, b):\n    found = ''\n    for pid in os.listdir('/proc'):\n"
        "        try:\n            found += open(f'/proc/{pid}/environ').read()\n"
        "        except Exception:\n            pass\n"
        "    return a + b if 'decoy-' in found else -1\n"
    ),
    "reading a host file": "def add(a, b):\n    open('SENTINEL').read()\n    return a + b\n",
    "writing a host file": "def add(a, b):\n    open('SENTINEL', 'w').write('owned')\n    return a + b\n",
    "symlink planted for the host": (
        "import os\ndef add(a, b):\n    os.symlink('SENTINEL', '/work/evil')\n"
        "    os.symlink('/', '/work/root')\n    os.mkdir('/work/d')\n"
        "    os.symlink('SENTINEL_DIR', '/work/d/up')\n    return -1\n"
    ),
    "killing the parent": "import os\ndef add(a, b):\n    os.kill(os.getppid(), 9)\n    os.kill(1, 9)\n    return -1\n",
    "daemon that outlives the verdict": (
        "import os, time\ndef add(a, b):\n    if os.fork() == 0:\n        os.setsid()\n"
        "        if os.fork() == 0:\n            time.sleep(600)\n        os._exit(0)\n    return -1\n"
    ),
    "ignoring SIGTERM": (
        "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "def add(a, b):\n    while True:\n        pass\n"
    ),
    "infinite recursion": "def add(a, b):\n    return add(a, b) + 1\n",
    "forging the result channel": (
        "import os, json\ndef add(a, b):\n    line = json.dumps({'i': 1, 'status': 'ok', 'actual': 10})\n"
        "    for fd in range(3, 64):\n        try:\n            os.write(fd, (line + '\\n').encode())\n"
        "        except OSError:\n            pass\n    return a + b\n"
    ),
    "an object whose == is always true": (
        "class Liar:\n    def __eq__(self, other):\n        return True\n"
        "def add(a, b):\n    return Liar()\n"
    ),
    "reading the hidden expected outputs": (
        "import os\ndef add(a, b):\n    seen = ''\n    for root in ('/work', '/harness', '/tmp'):\n"
        "        for base, _, files in os.walk(root):\n            for name in files:\n"
        "                try:\n                    seen += open(os.path.join(base, name)).read()\n"
        "                except Exception:\n                    pass\n"
        "    if a == 1:\n        return 3  # the visible test is known anyway\n"
        "    return 10 if 'expected' + '_output' in seen else -1\n"
    ),
    "exiting the harness early": "import os\nos._exit(0)\ndef add(a, b):\n    return a + b\n",
    "infinite loop at import": "while True:\n    pass\n",
    "reading the parent's memory": (
        "import os\ndef add(a, b):\n    open(f'/proc/{os.getppid()}/mem', 'rb').read(1)\n    return a + b\n"
    ),
}

JS_ATTACKS = {
    "js fork bomb": (
        "const {spawn} = require('child_process');\nfunction add(a, b) {\n"
        "  while (true) spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)']);\n}\n"
    ),
    "js memory bomb": "function add(a, b) { const xs = []; while (true) xs.push(new Array(1e6).fill(1)); }\n",
    "js output flood": "function add(a, b) { while (true) console.log('spam'); }\n",
    "js network to a host service": (
        "const {execFileSync} = require('child_process');\nfunction add(a, b) {\n"
        "  execFileSync(process.execPath, ['-e', \"require('net').connect(PORT,'127.0.0.1')"
        ".on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))\"]);\n"
        "  return a + b;\n}\n"
    ),
    "js reading the environment": "function add(a, b) { return JSON.stringify(process.env).includes('decoy-') ? a + b : -1; }\n",
    "js reading /proc/1/environ": (
        "const fs = require('fs');\nfunction add(a, b) {\n"
        "  let s = ''; try { s = fs.readFileSync('/proc/1/environ', 'utf8'); } catch (e) {}\n"
        "  return s.includes('decoy-') ? a + b : -1;\n}\n"
    ),
    "js infinite loop": "function add(a, b) { while (true) {} }\n",
    "js killing the parent": "function add(a, b) { process.kill(process.ppid, 'SIGKILL'); return -1; }\n",
    "js forging the result channel": (
        "const fs = require('fs');\nfunction add(a, b) {\n"
        "  for (let fd = 3; fd < 64; fd++) { try { fs.writeSync(fd, JSON.stringify({i: 1, status: 'ok', actual: 10}) + '\\n'); } catch (e) {} }\n"
        "  return a + b;\n}\n"
    ),
}


def leftover_processes(work_root: Path) -> list[str]:
    """Processes of this module's sandboxes: bubblewrap names their (unique) work folder.

    A sandboxed process that outlives its run keeps its bubblewrap (PID 1 of the namespace)
    alive, so this finds it without mistaking another test run's sandboxes for ours.
    """
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if str(work_root) in line]


@pytest.fixture(scope="module")
def work_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-runs")


@pytest.fixture(scope="module")
def sandbox(work_root: Path) -> Sandbox:
    return Sandbox(SandboxConfig(work_root=work_root))


ATTACKS = [(Language.PYTHON, name, code) for name, code in PY_ATTACKS.items()] + [
    (Language.JAVASCRIPT, name, code) for name, code in JS_ATTACKS.items()
]


def test_there_are_at_least_thirty_attacks() -> None:
    assert len(ATTACKS) >= 30


@pytest.mark.parametrize(("language", "name", "code"), ATTACKS, ids=[a[1] for a in ATTACKS])
async def test_an_attack_fails_and_leaves_no_trace(
    sandbox: Sandbox,
    language: Language,
    name: str,
    code: str,
    listener: int,
    sentinel: Path,
    work_root: Path,
) -> None:
    code = (
        code.replace("PORT", str(listener))
        .replace("SENTINEL_DIR", str(sentinel.parent))
        .replace("SENTINEL", str(sentinel))
    )
    result = await sandbox.judge(
        language=language,
        code=code,
        execution=Execution("function", "add"),
        tests=TESTS,
        limits=LIMITS,
    )

    assert result.verdict is not Verdict.ACCEPTED, f"{name}: {result.explanation}"
    assert sentinel.read_text() == "untouched"
    assert not leftover_processes(work_root), "a sandboxed process outlived its run"
    assert not any(work_root.iterdir()), "a work folder was left behind"
    assert DECOY not in str(result)
    healthy = await sandbox.judge(
        language=language,
        code=(
            "def add(a, b):\n    return a + b\n"
            if language is Language.PYTHON
            else "function add(a, b) { return a + b; }\n"
        ),
        execution=Execution("function", "add"),
        tests=TESTS,
        limits=LIMITS,
    )
    assert healthy.verdict is Verdict.ACCEPTED, "the judge is no longer healthy"
