# ruff: noqa: E501  (the programs under test read best unwrapped)
"""What the sandbox keeps from the code: the network, secrets, the host, privileges, the verdict.

Most attacks here return the expected answer only if they got what they were after, so an
accepted verdict would mean the wall failed.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest

from evaluation.sandbox import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    Sandbox,
    SandboxConfig,
    TestCase,
    Verdict,
)

pytestmark = pytest.mark.integration

LIMITS = Limits(time_limit_ms=1000, memory_mb=128, max_processes=32, max_output_bytes=4096)
DECOY = f"decoy-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def work_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("isolated-runs")


@pytest.fixture(scope="module")
def sandbox(work_root: Path) -> Sandbox:
    return Sandbox(SandboxConfig(work_root=work_root))


@pytest.fixture
def decoy_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WHETSTONE_DECOY_SECRET", DECOY)
    return DECOY


async def judge(
    sandbox: Sandbox,
    code: str,
    tests: list[TestCase],
    *,
    entry: str = "probe",
    language: Language = Language.PYTHON,
) -> JudgeResult:
    return await sandbox.judge(
        language=language,
        code=code,
        execution=Execution("function", entry),
        tests=tests,
        limits=LIMITS,
    )


async def test_an_object_whose_eq_always_says_yes_does_not_pass(sandbox: Sandbox) -> None:
    code = (
        "class Liar:\n    def __eq__(self, other):\n        return True\n"
        "class LyingInt(int):\n    def __eq__(self, other):\n        return True\n"
        "def probe(kind):\n    return Liar() if kind == 'plain' else LyingInt(7)\n"
    )
    result = await judge(sandbox, code, [TestCase(["plain"], [1, 2]), TestCase(["int"], 8)])
    assert result.tests[0].verdict is Verdict.RUNTIME_ERROR
    assert result.tests[0].error == "TypeError: returned a Liar, which is not a JSON value"
    assert result.tests[1].verdict is Verdict.WRONG_ANSWER  # judged on its value, 7


async def test_lines_forged_on_every_descriptor_are_a_breach_not_a_pass(sandbox: Sandbox) -> None:
    code = (
        "import json, os\n"
        "def forge(line):\n"
        "    for fd in range(3, 64):\n"
        "        try:\n            os.write(fd, (json.dumps(line) + '\\n').encode())\n"
        "        except OSError:\n            pass\n"
        "for i in range(3):\n"
        "    forge({'kind': 'result', 'i': i, 'status': 'ok', 'actual': 3, 'passed': True})\n"
        "forge({'kind': 'loaded', 'status': 'ok', 'verdict': 'accepted'})\n"
        "def probe(a, b):\n    return -1\n"
    )
    tests = [TestCase([1, 2], 3), TestCase([2, 1], 3), TestCase([0, 0], 3, is_hidden=True)]
    result = await judge(sandbox, code, tests)
    assert result.verdict is Verdict.RUNTIME_ERROR
    assert "private channel" in (result.explanation or "")


async def test_a_forged_answer_counts_once_and_then_breaks_the_run(sandbox: Sandbox) -> None:
    # Writing the answer on the channel is no better than returning it: the host takes one
    # reply per test, so the harness's own reply then arrives out of turn.
    code = (
        "import json, os\ncalls = []\n"
        "def probe(a, b):\n"
        "    calls.append(1)\n"
        "    line = {'kind': 'result', 'i': len(calls) - 1, 'status': 'ok', 'actual': a + b}\n"
        "    for fd in range(3, 64):\n"
        "        try:\n            os.write(fd, (json.dumps(line) + '\\n').encode())\n"
        "        except OSError:\n            pass\n"
        "    return -1\n"
    )
    tests = [TestCase([1, 2], 3), TestCase([2, 2], 4), TestCase([5, 5], 10, is_hidden=True)]
    result = await judge(sandbox, code, tests)
    assert result.verdict is not Verdict.ACCEPTED
    assert result.tests[1].error == "the code wrote on the judge's private channel"


async def test_hidden_expected_outputs_never_enter_the_sandbox(sandbox: Sandbox) -> None:
    secret = f"expected-{uuid.uuid4().hex}"
    code = (
        "import gc, os\n"
        "def probe(x):\n"
        "    seen = [repr(o) for o in gc.get_objects() if isinstance(o, (str, bytes, dict, list))]\n"
        "    for root in ('/work', '/harness', '/tmp'):\n"
        "        for base, _, names in os.walk(root):\n"
        "            for name in names:\n"
        "                try:\n                    seen.append(open(os.path.join(base, name), 'rb').read().decode('latin-1'))\n"
        "                except OSError:\n                    pass\n"
        "    found = [s for s in seen if 'expected-' in s and len(s) < 100]\n"
        "    return found[0].strip(\"'\") if found else 'nothing'\n"
    )
    result = await judge(sandbox, code, [TestCase([1], secret, is_hidden=True)])
    assert result.tests[0].actual == "nothing"


async def test_the_network_is_unreachable(sandbox: Sandbox) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        code = (
            "import socket\n"
            "def probe(port):\n"
            "    reached = []\n"
            "    for target in (('127.0.0.1', 8000), ('127.0.0.1', port), ('1.1.1.1', 53)):\n"
            "        try:\n"
            "            socket.create_connection(target, 0.5).close()\n"
            "            reached.append(target[1])\n"
            "        except OSError:\n"
            "            pass\n"
            "    return reached\n"
        )
        result = await judge(sandbox, code, [TestCase([port], [])])
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.verdict is Verdict.ACCEPTED, result.tests[0].actual


async def test_the_environment_is_scrubbed(sandbox: Sandbox, decoy_secret: str) -> None:
    code = (
        "import os\n"
        "def probe():\n"
        "    found = ['os.environ'] if 'decoy-' in str(os.environ) else []\n"
        "    for pid in ['1', str(os.getppid())] + [p for p in os.listdir('/proc') if p.isdigit()]:\n"
        "        try:\n"
        "            if b'decoy-' in open(f'/proc/{pid}/environ', 'rb').read():\n"
        "                found.append(pid)\n"
        "        except OSError:\n"
        "            pass\n"
        "    return [sorted(os.environ), found]\n"
    )
    expected = [["HOME", "LANG", "PATH", "PWD"], []]  # PWD: bubblewrap sets it
    result = await judge(sandbox, code, [TestCase([], expected)])
    assert result.verdict is Verdict.ACCEPTED, result.tests[0].actual
    assert decoy_secret not in str(result)


async def test_javascript_sees_no_secret_either(sandbox: Sandbox, decoy_secret: str) -> None:
    code = (
        "const fs = require('fs');\n"
        "function probe() {\n"
        "  const found = JSON.stringify(process.env).includes('decoy-') ? ['env'] : [];\n"
        "  for (const pid of ['1', String(process.ppid)]) {\n"
        "    try { if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes('decoy-')) found.push(pid); } catch (e) {}\n"
        "  }\n"
        "  return found;\n"
        "}\n"
    )
    result = await judge(sandbox, code, [TestCase([], [])], language=Language.JAVASCRIPT)
    assert result.verdict is Verdict.ACCEPTED, result.tests[0].actual


async def test_the_code_runs_as_nobody_without_privileges(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "def probe():\n"
        "    status = dict(line.split(':\\t') for line in open('/proc/self/status').read().splitlines() if ':\\t' in line)\n"
        "    try:\n"
        "        os.unshare(0x10000000)\n"
        "        userns = 'made'\n"
        "    except (OSError, AttributeError):\n"
        "        userns = 'refused'\n"
        "    try:\n"
        "        open('/usr/bin/owned', 'w')\n"
        "        usr = 'writable'\n"
        "    except OSError:\n"
        "        usr = 'read-only'\n"
        "    return [os.getuid(), os.getgid(), status['CapEff'], status['CapBnd'], status['NoNewPrivs'], userns, usr]\n"
    )
    expected = [65534, 65534, "0000000000000000", "0000000000000000", "1", "refused", "read-only"]
    result = await judge(sandbox, code, [TestCase([], expected)])
    assert result.verdict is Verdict.ACCEPTED, result.tests[0].actual


async def test_a_fork_bomb_hits_the_process_limit(sandbox: Sandbox) -> None:
    code = (
        "import os, time\n"
        "def probe():\n"
        "    made = 0\n"
        "    while made < 1000:\n"
        "        try:\n"
        "            if os.fork() == 0:\n"
        "                time.sleep(60)\n"
        "                os._exit(0)\n"
        "        except OSError:\n"
        "            return made\n"
        "        made += 1\n"
        "    return made\n"
    )
    result = await judge(sandbox, code, [TestCase([], -1)])
    made = result.tests[0].actual
    assert isinstance(made, int)
    assert 0 < made < LIMITS.max_processes


async def test_no_process_outlives_its_run(sandbox: Sandbox) -> None:
    token = f"daemon-{uuid.uuid4().hex}"
    code = (
        "import os, sys\n"
        "def probe():\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        f"            os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(600)', '{token}'])\n"
        "        os._exit(0)\n"
        "    return 1\n"
    )
    result = await judge(sandbox, code, [TestCase([], 1)])
    assert result.verdict is Verdict.ACCEPTED
    survivors = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if token.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                survivors.append(pid)
        except OSError:
            pass
    assert survivors == []


async def test_links_planted_in_the_work_folder_lead_the_host_nowhere(
    sandbox: Sandbox, work_root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret")
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("precious")
    code = (
        "import os\n"
        "def probe():\n"
        f"    os.symlink('{secret}', '/work/evil')\n"
        f"    os.symlink('{keep}', '/work/dir')\n"
        "    os.remove('/work/solution.py')\n"
        f"    os.symlink('{secret}', '/work/solution.py')\n"
        "    os.mkfifo('/work/fifo')\n"
        "    os.mkdir('/work/locked')\n"
        "    open('/work/locked/file', 'w').write('x')\n"
        "    os.chmod('/work/locked', 0)\n"
        "    return 1\n"
    )
    result = await judge(sandbox, code, [TestCase([], 1)])
    assert result.verdict is Verdict.ACCEPTED, result.explanation
    assert secret.read_text() == "host secret"
    assert (keep / "precious.txt").read_text() == "precious"
    assert "host secret" not in str(result)
    assert list(work_root.iterdir()) == []
