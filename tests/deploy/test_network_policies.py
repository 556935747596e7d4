"""The rendered NetworkPolicies, evaluated as Kubernetes reads them (a small evaluator below):
ingress is denied by default; the gateway is reachable from anywhere; RabbitMQ and MongoDB only
from the platform's processes and their own members; the services reach RabbitMQ and MongoDB
only; the metrics ports only from the namespace "monitoring"."""

from dataclasses import dataclass, field

import pytest

LAYOUTS = ("base", "overlays/small", "overlays/production")
NAMESPACE = "partnership-hub"
SERVICES = ("directory", "events", "notifications", "community")


@dataclass(frozen=True)
class Pod:
    """A pod as a policy sees it: its labels, namespace (and that namespace's labels), ports."""

    labels: dict
    namespace: str = NAMESPACE
    ports: dict = field(default_factory=dict)  # name -> number, for named ports

    @property
    def namespace_labels(self) -> dict:
        return {"kubernetes.io/metadata.name": self.namespace}


OUTSIDE = None  # an address outside the cluster (the web, an SMTP server)


def selects(selector: dict, labels: dict) -> bool:
    """A label selector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist)."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for rule in selector.get("matchExpressions", []):
        value, present = labels.get(rule["key"]), rule["key"] in labels
        if not {
            "In": present and value in rule.get("values", []),
            "NotIn": not present or value not in rule.get("values", []),
            "Exists": present,
            "DoesNotExist": not present,
        }[rule["operator"]]:
            return False
    return True


def peer_matches(peer: dict, other: Pod | None) -> bool:
    if other is OUTSIDE:
        return "ipBlock" in peer
    if "ipBlock" in peer:
        return False  # pod addresses are not in the blocks these manifests use
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], other.namespace_labels):
            return False
    elif other.namespace != NAMESPACE:
        return False
    return selects(peer.get("podSelector", {}), other.labels)


def port_matches(ports: list | None, port: int, target: Pod) -> bool:
    if not ports:
        return True
    return any(target.ports.get(p.get("port"), p.get("port")) == port for p in ports)


def allowed(
    policies: list[dict], direction: str, pod: Pod, other: Pod | None, port: int, target: Pod
) -> bool:
    """Whether ``direction`` ("Ingress" or "Egress") traffic of ``pod`` with ``other`` on
    ``port`` of ``target`` is let through by the policies that select ``pod``."""
    key, peers = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    chosen = [
        p
        for p in policies
        if direction in p["spec"]["policyTypes"] and selects(p["spec"]["podSelector"], pod.labels)
    ]
    if not chosen or pod.namespace != NAMESPACE:
        return True  # no policy isolates this pod in that direction (ours hold in ours only)
    return any(
        port_matches(rule.get("ports"), port, target)
        and (not rule.get(peers) or any(peer_matches(peer, other) for peer in rule[peers]))
        for policy in chosen
        for rule in policy["spec"].get(key, [])
    )


def reaches(policies: list[dict], source: Pod | None, target: Pod | None, port: int) -> bool:
    """Traffic from ``source`` to ``target`` on ``port``: the source's egress and the target's
    ingress both allow it (OUTSIDE is never isolated by these policies)."""
    out = source is OUTSIDE or allowed(policies, "Egress", source, target, port, target or Pod({}))
    into = target is OUTSIDE or allowed(policies, "Ingress", target, source, port, target)
    return out and into


def app(name: str, namespace: str = NAMESPACE, **ports) -> Pod:
    return Pod({"app": name, "app.kubernetes.io/part-of": "partnership-hub"}, namespace, ports)


GATEWAY = app("gateway", http=8000)
RABBITMQ = app("rabbitmq", amqp=5672)
MONGO = app("mongo", mongo=27017)
PROMETHEUS = Pod({"app": "prometheus"}, "monitoring")
STRANGER = Pod({"app": "something-else"}, "default")
DNS = Pod({"k8s-app": "kube-dns"}, "kube-system")


@pytest.fixture(params=LAYOUTS)
def policies(request, k8s) -> list[dict]:
    found = [doc for (kind, _), doc in k8s[request.param].items() if kind == "NetworkPolicy"]
    assert found, f"{request.param} has no NetworkPolicy"
    return found


def test_ingress_is_denied_by_default_for_every_pod(policies):
    deny = [
        p
        for p in policies
        if p["spec"]["podSelector"] == {} and p["spec"]["policyTypes"] == ["Ingress"]
    ]
    assert deny and all(not p["spec"].get("ingress") for p in deny)
    loner = app("anything-new", ops=9100)  # a pod nobody wrote a policy for
    assert not reaches(policies, STRANGER, loner, 9100)
    assert not reaches(policies, app("events"), loner, 9100)


def test_the_gateway_is_reachable_from_anywhere_and_reaches_only_rabbitmq(policies):
    for source in (OUTSIDE, STRANGER, PROMETHEUS):
        assert reaches(policies, source, GATEWAY, 8000)
    assert not reaches(policies, OUTSIDE, GATEWAY, 9100)
    assert reaches(policies, GATEWAY, RABBITMQ, 5672)
    assert not reaches(policies, GATEWAY, MONGO, 27017)
    assert not reaches(policies, GATEWAY, app("events", ops=9100), 9100)
    assert not reaches(policies, GATEWAY, OUTSIDE, 443)


@pytest.mark.parametrize("name", SERVICES)
def test_services_reach_rabbitmq_and_mongo_only(policies, name):
    service = app(name, ops=9100)
    assert reaches(policies, service, RABBITMQ, 5672)
    assert reaches(policies, service, MONGO, 27017)
    assert not reaches(policies, service, RABBITMQ, 15672)  # not the management API
    assert not reaches(policies, service, GATEWAY, 8000)
    assert not reaches(policies, service, app("events", ops=9100), 9100)
    assert not reaches(policies, service, OUTSIDE, 443)
    assert reaches(policies, service, OUTSIDE, 587) == (name == "notifications")  # SMTP
    assert reaches(policies, service, DNS, 53) and reaches(policies, GATEWAY, DNS, 53)
    for source in (OUTSIDE, STRANGER, GATEWAY):
        assert not reaches(policies, source, service, 9100), (name, source)


def test_rabbitmq_and_mongo_only_from_the_platform_and_their_own_members(policies):
    for source in (OUTSIDE, STRANGER, PROMETHEUS):
        assert not reaches(policies, source, RABBITMQ, 5672)
        assert not reaches(policies, source, MONGO, 27017)
    assert reaches(policies, RABBITMQ, RABBITMQ, 25672)  # clustering, quorum queue replication
    assert reaches(policies, MONGO, MONGO, 27017)  # replication
    assert reaches(policies, app("mongo-init"), MONGO, 27017)  # initiates the replica set
    assert not reaches(policies, app("mongo-init"), RABBITMQ, 5672)


def test_metrics_ports_only_from_the_monitoring_namespace(policies):
    for name in SERVICES:
        assert reaches(policies, PROMETHEUS, app(name, ops=9100), 9100)
    assert reaches(policies, PROMETHEUS, RABBITMQ, 15692)
    assert not reaches(policies, STRANGER, RABBITMQ, 15692)
    assert not reaches(policies, Pod({"app": "prometheus"}, "default"), app("events"), 9100)
