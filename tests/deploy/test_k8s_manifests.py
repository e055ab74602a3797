"""deploy/k8s against the Kubernetes API schemas (kubernetes-validate bundles them: no network),
strictly (an unknown or misspelt field fails), and wired the way docs/deployment.md says: probes
on the routes and ports the processes serve, requests on every container, secrets from the
Secret, selectors that select (issue 24)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

try:
    import kubernetes_validate
except ImportError:  # pragma: no cover - CI installs the dev extra
    if os.environ.get("ETP_REQUIRE_SERVICES"):
        raise
    pytest.skip("kubernetes-validate is not installed", allow_module_level=True)

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
# The oldest Kubernetes still supported upstream when this was written; the schemas of newer
# ones accept everything it does.
KUBERNETES_VERSION = "1.32"


def resources() -> list[dict[str, Any]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        found.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return found


def named(kind: str, name: str) -> dict[str, Any]:
    matches = [r for r in resources() if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(matches) == 1, (kind, name)
    return matches[0]


@pytest.mark.parametrize(
    "resource", resources(), ids=lambda r: f"{r['kind']}/{r['metadata']['name']}"
)
def test_every_manifest_matches_the_kubernetes_schema(resource: dict[str, Any]) -> None:
    kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_the_validator_rejects_a_misspelt_field() -> None:
    broken = named("Deployment", "etp-api")
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_every_resource_the_kustomization_names_exists_and_none_is_left_out() -> None:
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]
    files = [p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml"]
    assert sorted(listed) == sorted(files)


def _container(deployment: str) -> dict[str, Any]:
    container: dict[str, Any] = named("Deployment", deployment)["spec"]["template"]["spec"][
        "containers"
    ][0]
    return container


def test_probes_reach_the_routes_and_ports_the_processes_serve() -> None:
    config = named("ConfigMap", "etp")["data"]
    api, worker = _container("etp-api"), _container("etp-worker")
    ports = {c["name"]: {p["name"]: p["containerPort"] for p in c["ports"]} for c in (api, worker)}
    assert api["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert ports["api"]["http"] == 8000  # the image's PORT (Dockerfile)
    assert worker["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
    assert ports["worker"]["health"] == int(config["WORKER_HEALTH_PORT"])


def test_containers_request_resources_and_read_credentials_from_the_secret() -> None:
    secret = named("Secret", "etp")
    assert {"DATABASE_URL", "REDIS_URL"} <= set(secret["stringData"])
    config = named("ConfigMap", "etp")["data"]
    assert not {"DATABASE_URL", "REDIS_URL"} & set(config), "credentials belong in the Secret"
    for r in resources():
        if r["kind"] not in ("Deployment", "Job"):
            continue
        for container in r["spec"]["template"]["spec"]["containers"]:
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), r["metadata"]
            assert {"secretRef": {"name": "etp"}} in container["envFrom"], r["metadata"]


def test_api_pods_drain_before_they_stop_and_have_time_for_websockets() -> None:
    pod = named("Deployment", "etp-api")["spec"]["template"]["spec"]
    wait = int(pod["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert wait > 0
    assert pod["terminationGracePeriodSeconds"] >= wait + 30


def test_selectors_select_the_pods_they_are_for() -> None:
    def labels(deployment: str) -> dict[str, str]:
        found: dict[str, str] = named("Deployment", deployment)["spec"]["template"]["metadata"][
            "labels"
        ]
        return found

    def selects(selector: dict[str, str], deployment: str) -> bool:
        return selector.items() <= labels(deployment).items()

    assert selects(named("Service", "etp-api")["spec"]["selector"], "etp-api")
    assert not selects(named("Service", "etp-api")["spec"]["selector"], "etp-worker")
    for name in ("etp-api", "etp-worker"):
        budget = named("PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"]
        assert selects(budget, name)
        target = named("HorizontalPodAutoscaler", name)["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", name)
    backend = named("Ingress", "etp")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"]["name"] == "etp-api"
