"""Strict validation of custom resources against the KEDA and Prometheus-operator CRD schemas.

Run by tools/deploycheck/check.py in an isolated environment holding the cloudcoil model
packages (pydantic models generated from each project's CRDs): kept out of the workspace's
environment because cloudcoil registers a pytest plugin. A field the schema does not know
fails, as `kubectl apply --validate=strict` would.

Usage: python crds.py MANIFESTS.yaml...
"""

from __future__ import annotations

import sys
from typing import Any

import yaml
from cloudcoil.models.keda import v1alpha1 as keda
from cloudcoil.models.prometheus_operator import v1 as monitoring
from pydantic import BaseModel, ValidationError

MODELS: dict[tuple[str, str], type[BaseModel]] = {
    ("keda.sh/v1alpha1", "ScaledObject"): keda.ScaledObject,
    ("keda.sh/v1alpha1", "TriggerAuthentication"): keda.TriggerAuthentication,
    ("monitoring.coreos.com/v1", "ServiceMonitor"): monitoring.ServiceMonitor,
    ("monitoring.coreos.com/v1", "PrometheusRule"): monitoring.PrometheusRule,
}


def unknown_fields(given: Any, kept: Any, path: str = "") -> list[str]:
    """Paths present in the manifest but dropped by the model: fields the schema lacks."""
    if isinstance(given, dict) and isinstance(kept, dict):
        found = [f"{path}.{key}" for key in given if key not in kept]
        for key in given.keys() & kept.keys():
            found += unknown_fields(given[key], kept[key], f"{path}.{key}")
        return found
    if isinstance(given, list) and isinstance(kept, list):
        return [
            problem
            for index, (a, b) in enumerate(zip(given, kept, strict=False))
            for problem in unknown_fields(a, b, f"{path}[{index}]")
        ]
    return []


def check(document: dict[str, Any]) -> list[str]:
    model = MODELS[(document["apiVersion"], document["kind"])]
    try:
        parsed = model.model_validate(document)
    except ValidationError as exc:
        return [str(exc)]
    kept = parsed.model_dump(by_alias=True, exclude_unset=True, mode="json")
    return [f"unknown field {path}" for path in unknown_fields(document, kept)]


def main(paths: list[str]) -> int:
    failures = checked = 0
    for path in paths:
        with open(path) as stream:
            documents = [d for d in yaml.safe_load_all(stream) if d]
        for document in documents:
            if (document.get("apiVersion"), document.get("kind")) not in MODELS:
                continue
            checked += 1
            name = f"{path}: {document['kind']}/{document['metadata']['name']}"
            for problem in check(document):
                failures += 1
                print(f"FAIL {name}: {problem}")
    print(f"custom resources: {checked} checked against the KEDA and Prometheus-operator schemas")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
