"""`make run`: the whole platform on one machine: broker, migrations, content pack, six services.

The launcher restarts a broker or service that dies, and its children die with it, even when
it is SIGKILLed. Also used by the end-to-end tests, so they start the platform as a developer does.
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

from servicekit.lifeline import die_with_parent
from servicekit.testing.infra import TANSU_SESSION_TIMEOUT_MS, tansu_command, wait_for_port

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


# A child that dies is restarted after 0.5 s, 1 s, 2 s ... at most 10 s; more than
# MAX_RESTARTS exits within RESTART_WINDOW_SECONDS means it cannot stay up: the launcher stops.
FIRST_RESTART_DELAY_SECONDS = 0.5
MAX_RESTART_DELAY_SECONDS = 10.0
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 120.0
# A stop waits this long for the services (work in flight, ?wait= holds), then kills.
STOP_GRACE_SECONDS = 10.0
BROKER_STOP_GRACE_SECONDS = 5.0


class PortTaken(RuntimeError):
    pass


class GaveUp(RuntimeError):
    """A child kept dying: restarting it again would only hide the cause."""


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
        PRACTICE_COACH_URL=config.url("coach"),  # design-session chat asks the coach
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


def say(message: str) -> None:
    """The launcher's own lines, alongside the services' prefixed output."""
    print(f"{'devstack':>10} | {message}", flush=True)


@dataclass
class Child:
    """One supervised process and the command that (re)starts it."""

    name: str
    args: list[str]
    env: Mapping[str, str]
    process: subprocess.Popen[bytes]
    exits: list[float] = field(default_factory=list)  # when it died, within the window
    restart_at: float | None = None


class Stack:
    """Processes of a running platform; `supervise()` restarts the dead, `stop()` ends them all."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.children: dict[str, Child] = {}
        self._sinks: dict[str, object] = {}  # one per part, kept across its restarts
        self._pumps: list[threading.Thread] = []
        self._stopping = False

    def _sink(self, name: str) -> object:
        log_dir = self.config.log_dir
        if log_dir is None and name == "broker":  # Tansu's own log is noise on the console
            log_dir = self.config.data_dir
        if log_dir is None:
            return sys.stdout
        if name not in self._sinks:
            log_dir.mkdir(parents=True, exist_ok=True)
            self._sinks[name] = open(log_dir / f"{name}.log", "a")  # noqa: SIM115  closed by stop()
        return self._sinks[name]

    def _popen(self, name: str, args: list[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            args,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the launcher only; it stops them in order
            preexec_fn=die_with_parent(),  # never outlive the launcher
        )
        sink = self._sink(name)
        pump = threading.Thread(target=_pump, args=(name, process.stdout, sink), daemon=True)
        pump.start()
        self._pumps.append(pump)
        return process

    def spawn(self, name: str, args: list[str], env: Mapping[str, str]) -> Child:
        child = Child(name, args, env, self._popen(name, args, env))
        self.children[name] = child
        return child

    def run_steps(self, steps: dict[str, list[str]], env: Mapping[str, str]) -> None:
        """Run independent one-shot commands side by side; fail if any fails."""
        started = {name: self.spawn(name, args, env) for name, args in steps.items()}
        failed = [name for name, child in started.items() if child.process.wait() != 0]
        for name in started:
            del self.children[name]
        if failed:
            raise RuntimeError(f"{', '.join(failed)} failed; see the output above")

    def start_broker(self) -> str:
        port = self.config.ports["broker"]
        self.spawn("broker", tansu_command(port), {**os.environ})
        wait_for_port("127.0.0.1", port)
        return f"127.0.0.1:{port}"

    def start_services(self, env: Mapping[str, str]) -> None:
        for name in SERVICES:
            self.spawn(name, [sys.executable, "-m", name, "serve"], env)

    def wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        pending = set(SERVICES)
        with httpx.Client(timeout=1.0) as client:
            while pending:
                for name in sorted(pending):
                    process = self.children[name].process
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

    def supervise(self) -> None:
        """Restart children that died, with backoff; raise GaveUp when one keeps dying."""
        now = time.monotonic()
        for child in list(self.children.values()):
            if self._stopping or child.process.poll() is None:
                continue
            if child.restart_at is None:
                child.exits = [t for t in child.exits if now - t < RESTART_WINDOW_SECONDS]
                child.exits.append(now)
                if len(child.exits) > MAX_RESTARTS:
                    raise GaveUp(
                        f"{child.name} exited {len(child.exits)} times in "
                        f"{RESTART_WINDOW_SECONDS:.0f}s; stopping"
                    )
                delay = min(
                    FIRST_RESTART_DELAY_SECONDS * 2 ** (len(child.exits) - 1),
                    MAX_RESTART_DELAY_SECONDS,
                )
                say(
                    f"{child.name} exited with code {child.process.returncode}; restarting in "
                    f"{delay:.1f}s (restart {len(child.exits)} of {MAX_RESTARTS})"
                )
                child.restart_at = now + delay
            elif now >= child.restart_at:
                child.process = self._popen(child.name, child.args, child.env)
                child.restart_at = None
                say(f"{child.name} restarted (pid {child.process.pid})")

    def stop(self) -> None:
        """Services first, then the broker: each gets a grace period, then SIGKILL.

        A second Ctrl-C during the grace period kills at once.
        """
        self._stopping = True
        services = [c for c in reversed(self.children.values()) if c.name != "broker"]
        broker = [c for c in self.children.values() if c.name == "broker"]
        try:
            _end(services, STOP_GRACE_SECONDS)
            _end(broker, BROKER_STOP_GRACE_SECONDS)
        except KeyboardInterrupt:
            say("interrupted again: killing")
            _end(services + broker, 0)
        self.children.clear()
        for pump in self._pumps:  # the last lines of what stopped, before the files close
            pump.join(timeout=2)
        for sink in self._sinks.values():
            sink.close()  # type: ignore[attr-defined]
        self._sinks.clear()


def _signal_group(child: Child, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.process.pid, sig)


def _end(children: list[Child], grace: float) -> None:
    """SIGTERM each child's process group, wait up to `grace`, SIGKILL what is left."""
    running = [c for c in children if c.process.poll() is None]
    for child in running:
        _signal_group(child, signal.SIGTERM if grace > 0 else signal.SIGKILL)
    deadline = time.monotonic() + grace
    for child in running:
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} did not stop within {grace:.0f}s; killing it")
            _signal_group(child, signal.SIGKILL)
            child.process.wait()


@contextlib.contextmanager
def running_stack(config: StackConfig, *, load_pack: bool = True) -> Iterator[Stack]:
    """Broker, migrations, content pack and the six services; everything stops on exit."""
    check_ports(config)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(config)
    try:
        bootstrap = config.kafka_bootstrap
        if bootstrap is None:
            bootstrap = stack.start_broker()
            # Tansu lets consumers join after half the session timeout: keep it short.
            config.extra_env.setdefault("KAFKA_SESSION_TIMEOUT_MS", str(TANSU_SESSION_TIMEOUT_MS))
        env = service_env(config, bootstrap)
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
    finally:
        stack.stop()


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
    parser.add_argument(
        "--log-dir", type=Path, help="write each part's output to <name>.log there, not here"
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
        log_dir=args.log_dir.resolve() if args.log_dir else None,
    )
    stopping = threading.Event()
    for graceful in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the terminal was closed
        signal.signal(graceful, lambda *_: stopping.set())
    try:
        with running_stack(config) as stack:
            print("\nWhetstone is running:")
            print(f"  API        {config.url('gateway')}/api/v1")
            print(f"  API docs   {config.url('gateway')}/docs")
            for name in SERVICES[:-1]:
                print(f"  {name:<10} {config.url(name)}  (internal)")
            for name, child in stack.children.items():
                print(f"  {name:<10} pid {child.process.pid}")
            print(f"  data       {config.data_dir}")
            print("Press Ctrl-C to stop.\n", flush=True)
            while not stopping.is_set():
                stack.supervise()
                stopping.wait(0.2)
    except KeyboardInterrupt:
        pass
    except (PortTaken, RuntimeError, TimeoutError) as exc:  # GaveUp included
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
