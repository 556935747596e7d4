"""Cluster tier: a three-node RabbitMQ cluster on this machine (scripts/rabbitmq_cluster.sh), the
platform's directory, events and notifications services as real processes against it (AMQP_URI
listing the three nodes), and a SecantusDB server; tests call the services over RPC."""

import subprocess
from pathlib import Path

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from support.platform import Platform
from support.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "rabbitmq_cluster.sh"
SERVICES = ("notifications", "directory", "events")  # subscribers first


class Cluster:
    """The running cluster: ``uri`` lists its nodes; ``leader``, ``kill_node``, ``ctl``."""

    def __init__(self, uri: str):
        self.uri = uri
        self.ports = [int(part.split(":")[-1].strip("/")) for part in uri.split(";")]

    @staticmethod
    def _script(*args: str, timeout: float = 60) -> str:
        done = subprocess.run(
            [str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"rabbitmq_cluster.sh {args}: {done.stderr}"
        return done.stdout.strip()

    def leader(self, queue: str) -> int:
        """The number (1-3) of the node leading quorum queue ``queue``."""
        node = self._script("leader", queue)  # rabbit2@localhost
        assert node.startswith("rabbit"), f"no leader for {queue}: {node!r}"
        return int(node.removeprefix("rabbit").split("@")[0])

    def kill_node(self, number: int) -> None:
        self._script("kill-node", str(number))

    def queue_types(self) -> dict[str, str]:
        listing = self._script("ctl", "list_queues", "-s", "name", "type")
        return dict(line.split("\t")[:2] for line in listing.splitlines() if "\t" in line)

    def uri_without(self, number: int) -> str:
        """The AMQP_URI of the nodes but ``number`` (a client that must outlive that node)."""
        return ";".join(part for i, part in enumerate(self.uri.split(";"), start=1) if i != number)


@pytest.fixture(scope="session")
def cluster():
    """One cluster for the tier (a test that needs it whole starts any node a test before it
    stopped or killed: ``start-node`` leaves a running node be)."""
    uri = Cluster._script("start", timeout=240)
    try:
        yield Cluster(uri.splitlines()[-1])
    finally:
        Cluster._script("stop", timeout=120)


@pytest.fixture(scope="module")
def cluster_platform(cluster, mongo_uri, tmp_path_factory):
    """directory, events and notifications (``nameko run``) on the cluster, each process given
    the three nodes: ``platform.env`` names their databases."""
    logs = tmp_path_factory.mktemp("cluster-logs")
    running = Platform(cluster.uri, mongo_uri, logs)
    running.mailbox.start()
    try:
        for name in SERVICES:
            running.start_service(name)
        with ClusterRpcProxy({"AMQP_URI": cluster.uri}, timeout=10) as rpc:

            def all_healthy():
                for name, proc in running.processes.items():
                    if proc.poll() is not None:
                        log = (logs / f"{name}.log").read_text(errors="replace")[-3000:]
                        raise RuntimeError(f"{name} exited ({proc.returncode}):\n{log}")
                try:
                    return all(getattr(rpc, name).health()["status"] == "ok" for name in SERVICES)
                except Exception:  # noqa: BLE001 - not up yet: asked again
                    return False

            eventually(all_healthy, 90, interval=0.5)
        yield running
    finally:
        running.stop()
