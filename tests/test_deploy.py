"""The Kubernetes manifests under deploy/kubernetes: schema-valid, and wired to the real service.

Schemas come from ``kubernetes-validate`` (PyPI), which ships them: no cluster and no network.
Beyond the schema, the manifests must agree with each other (selectors, names, ports) and with
the application (the probes' paths answer, the port is the image's).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from service.api import create_app

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
# the oldest Kubernetes release still commonly run, and the newest the validator knows
VERSIONS = ["1.29.0", kubernetes_validate.latest_version()]


def load_resources() -> dict[str, dict[str, Any]]:
    resources: dict[str, dict[str, Any]] = {}
    for path in MANIFESTS:
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                assert document["kind"] not in resources, f"two {document['kind']}s"
                resources[document["kind"]] = document
    return resources


RESOURCES = load_resources()


def test_every_kind_the_deployment_needs_is_there() -> None:
    assert set(RESOURCES) == {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    }
    assert RESOURCES["HorizontalPodAutoscaler"]["apiVersion"] == "autoscaling/v2"
    assert RESOURCES["PodDisruptionBudget"]["apiVersion"] == "policy/v1"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_manifest_is_schema_valid(kind: str, version: str) -> None:
    # strict: a misspelt or misplaced field is an error, not silently ignored
    kubernetes_validate.validate(RESOURCES[kind], version, strict=True)


def test_the_validator_catches_a_misplaced_field() -> None:
    broken = yaml.safe_load(yaml.safe_dump(RESOURCES["Deployment"]))
    container = broken["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["paht"] = "/readyz"  # a typo strict mode must see
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


def _container() -> dict[str, Any]:
    return RESOURCES["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def test_selectors_and_names_line_up() -> None:
    deployment = RESOURCES["Deployment"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()
    assert RESOURCES["Service"]["spec"]["selector"].items() <= pod_labels.items()
    assert RESOURCES["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"] == selector
    target = RESOURCES["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    hpa = RESOURCES["HorizontalPodAutoscaler"]["spec"]
    assert hpa["minReplicas"] >= 2, "one pod cannot survive a disruption the PDB allows"


def test_ports_match_the_image() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    exposed = int(re.search(r"^EXPOSE (\d+)", dockerfile, re.M).group(1))
    (port,) = _container()["ports"]
    assert port["containerPort"] == exposed
    env = {item["name"]: item["value"] for item in _container()["env"]}
    assert int(env["PORT"]) == exposed
    assert RESOURCES["Service"]["spec"]["ports"][0]["targetPort"] == port["name"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert _container()[probe]["httpGet"]["port"] == port["name"]


def test_probes_call_the_real_endpoints() -> None:
    container = _container()
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    client = create_app().test_client()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        path = container[probe]["httpGet"]["path"]
        assert client.get(path).status_code == 200, path


def test_pods_are_bounded_and_locked_down() -> None:
    container = _container()
    resources = container["resources"]
    assert {"cpu", "memory"} <= resources["requests"].keys()
    assert {"cpu", "memory"} <= resources["limits"].keys()
    pod = RESOURCES["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    # a read-only root needs a writable /tmp (gunicorn heartbeats, Prometheus multiprocess dir)
    env = {item["name"]: item["value"] for item in container["env"]}
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    assert "/tmp" in mounts and env["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/")
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = re.search(r"^USER (\d+)", dockerfile, re.M).group(1)
    assert pod["securityContext"]["runAsUser"] == int(user)
