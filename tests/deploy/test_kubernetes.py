"""deploy/k8s manifests validate offline against the Kubernetes schemas."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
BIN = Path(sys.executable).parent


def test_manifests_are_valid_kubernetes():
    result = subprocess.run(
        [str(BIN / "kubernetes-validate"), "--strict", "--quiet", *map(str, MANIFESTS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_has_a_deployment_and_stateful_backends_are_replicated():
    kinds = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text()):
            kinds[(doc["kind"], doc["metadata"]["name"])] = doc
    for name in ("directory", "events", "notifications", "community", "gateway"):
        assert ("Deployment", name) in kinds
    assert kinds[("StatefulSet", "rabbitmq")]["spec"]["replicas"] == 3
    assert kinds[("StatefulSet", "mongo")]["spec"]["replicas"] == 3
