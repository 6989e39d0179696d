"""`make run`: the whole platform on one machine: broker, migrations, content pack, six services.

Also used by the end-to-end tests, so they start the platform exactly as a developer does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from servicekit.testing.infra import TANSU_SESSION_TIMEOUT_MS, tansu_broker

SERVICES = ("identity", "content", "practice", "evaluation", "coach", "gateway")
DEFAULT_PORTS = {
    "gateway": 8000,
    "identity": 8001,
    "content": 8002,
    "practice": 8003,
    "evaluation": 8004,
    "coach": 8005,
    "broker": 9092,
}
COLOURS = {
    "identity": 35,
    "content": 36,
    "practice": 32,
    "evaluation": 33,
    "coach": 34,
    "gateway": 37,
    "broker": 90,
}


class PortTaken(RuntimeError):
    pass


@dataclass
class StackConfig:
    data_dir: Path
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    kafka_bootstrap: str | None = None  # None: start a Tansu broker
    extra_env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None  # write each service's output to a file instead of the console

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"


def check_ports(config: StackConfig) -> None:
    """Fail early, naming every port that is already taken."""
    needed = {
        name: port
        for name, port in config.ports.items()
        if name != "broker" or config.kafka_bootstrap is None
    }
    taken = []
    for name, port in needed.items():
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                taken.append(f"{port} ({name})")
    if taken:
        raise PortTaken(
            "port(s) already in use: "
            + ", ".join(taken)
            + ". Stop what uses them, or move the platform with "
            "GATEWAY_PORT / <SERVICE>_PORT / BROKER_PORT."
        )


def service_env(config: StackConfig, bootstrap: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NODE_EXTRA_CA_CERTS")}
    env.update(
        WHETSTONE_DATA_DIR=str(config.data_dir),
        KAFKA_BOOTSTRAP_SERVERS=bootstrap,
        IDENTITY_URL=config.url("identity"),
        PYTHONUNBUFFERED="1",
    )
    for name in SERVICES:
        env[f"{name.upper()}_PORT"] = str(config.ports[name])
        env[f"GATEWAY_{name.upper()}_URL"] = config.url(name)
    env.update(config.extra_env)
    return env


def _pump(name: str, stream: object, sink: object) -> None:
    colour = COLOURS.get(name, 0)
    prefix = f"\x1b[{colour}m{name:>10} |\x1b[0m " if sys.stdout.isatty() else f"{name:>10} | "
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        line = raw.decode(errors="replace").rstrip()
        print(prefix + line, file=sink, flush=True)  # type: ignore[call-overload]


class Stack:
    """Processes of a running platform; `stop()` ends them all, newest first."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._sinks: list[object] = []

    def _spawn(self, name: str, args: list[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
        sink: object = sys.stdout
        if self.config.log_dir is not None:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            sink = open(self.config.log_dir / f"{name}.log", "a")  # noqa: SIM115
            self._sinks.append(sink)
        process = subprocess.Popen(
            args,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        threading.Thread(target=_pump, args=(name, process.stdout, sink), daemon=True).start()
        self.processes[name] = process
        return process

    def run_steps(self, steps: dict[str, list[str]], env: Mapping[str, str]) -> None:
        """Run independent one-shot commands side by side; fail if any fails."""
        started = {name: self._spawn(name, args, env) for name, args in steps.items()}
        failed = [name for name, process in started.items() if process.wait() != 0]
        for name in started:
            del self.processes[name]
        if failed:
            raise RuntimeError(f"{', '.join(failed)} failed; see the output above")

    def start_services(self, env: Mapping[str, str]) -> None:
        for name in SERVICES:
            self._spawn(name, [sys.executable, "-m", name, "serve"], env)

    def wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        pending = set(SERVICES)
        with httpx.Client(timeout=1.0) as client:
            while pending:
                for name in sorted(pending):
                    process = self.processes[name]
                    if process.poll() is not None:
                        raise RuntimeError(f"{name} exited with code {process.returncode}")
                    with contextlib.suppress(httpx.HTTPError):
                        if client.get(f"{self.config.url(name)}/health").status_code == 200:
                            pending.discard(name)
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"not healthy after {timeout}s: {', '.join(sorted(pending))}"
                    )
                time.sleep(0.2)

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        for sink in self._sinks:
            sink.close()  # type: ignore[attr-defined]


@contextlib.contextmanager
def running_stack(config: StackConfig, *, load_pack: bool = True) -> Iterator[Stack]:
    """Broker, migrations, content pack and the six services; everything stops on exit."""
    check_ports(config)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as exits:
        bootstrap = config.kafka_bootstrap
        if bootstrap is None:
            log = (config.log_dir or config.data_dir) / "broker.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            bootstrap = exits.enter_context(tansu_broker(config.ports["broker"], log_path=log))
            # Tansu lets consumers join after half the session timeout: keep it short.
            config.extra_env.setdefault("KAFKA_SESSION_TIMEOUT_MS", str(TANSU_SESSION_TIMEOUT_MS))
        env = service_env(config, bootstrap)
        stack = Stack(config)
        exits.callback(stack.stop)
        stack.run_steps(
            {
                f"{name}:migrate": [sys.executable, "-m", name, "migrate"]
                for name in SERVICES
                if name != "gateway"
            },
            env,
        )
        if load_pack:
            stack.run_steps({"content:pack": [sys.executable, "-m", "content", "load-pack"]}, env)
        stack.start_services(env)
        stack.wait_healthy()
        yield stack


def _read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip().strip("'\"")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the whole Whetstone platform locally.")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("WHETSTONE_DATA_DIR", "data"))
    )
    args = parser.parse_args(argv)
    for key, value in _read_dotenv(Path(".env")).items():
        os.environ.setdefault(key, value)
    ports = dict(DEFAULT_PORTS)
    for name in ports:
        if port := os.environ.get(f"{name.upper()}_PORT"):
            ports[name] = int(port)
    config = StackConfig(
        data_dir=args.data_dir.resolve(),
        ports=ports,
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        with running_stack(config) as stack:
            print("\nWhetstone is running:")
            print(f"  API        {config.url('gateway')}/api/v1")
            print(f"  API docs   {config.url('gateway')}/docs")
            for name in SERVICES[:-1]:
                print(f"  {name:<10} {config.url(name)}  (internal)")
            print(f"  data       {config.data_dir}")
            print("Press Ctrl-C to stop.\n", flush=True)
            while not stopping.is_set():
                for name, process in stack.processes.items():
                    if process.poll() is not None:
                        print(f"{name} exited with code {process.returncode}; stopping.")
                        return 1
                stopping.wait(0.5)
    except KeyboardInterrupt:
        pass
    except (PortTaken, RuntimeError, TimeoutError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
