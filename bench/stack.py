"""What every benchmark starts and stops: a throwaway RabbitMQ vhost, a SecantusDB server, nameko
services and the gateway, each a process group of its own logging to var/bench/."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote, urlparse

import requests
from pymongo import MongoClient

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))

from support.waiting import free_port, wait_for_port  # noqa: E402

QUIET_EVENTLET = "ignore::Warning:nameko.extensions"


def _is_broker(stat: Path) -> bool:
    """RabbitMQ's Erlang VM (shared by every vhost: count it only while the machine is quiet)."""
    try:
        return stat.with_name("comm").read_text().strip() == "beam.smp"
    except OSError:
        return False


def _stat_fields(stat: Path) -> list[str]:
    """The fields of a ``/proc/<pid>/stat`` after the command name (which may hold spaces)."""
    return stat.read_text().rsplit(")", 1)[1].split()


def _cpu_of(fields: list[str]) -> float:
    """User plus system CPU seconds from ``_stat_fields``."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by one process."""
    return _cpu_of(_stat_fields(Path(f"/proc/{pid}/stat")))


def _shape(command: dict) -> str:
    """``find inbox {person_id, created_at}``: what kind of operation, leaving out the values."""
    name = next(iter(command))
    query = command.get("filter") or command.get("query") or command.get("q") or {}
    if "updates" in command:
        query = command["updates"][0].get("q", {}) if command["updates"] else {}
    if "deletes" in command:
        query = command["deletes"][0].get("q", {}) if command["deletes"] else {}
    return f"{name} {command[name]} {{{', '.join(sorted(query))}}}"


def _plan(db, command: dict) -> str:
    """COLLSCAN when the store would scan the whole collection for ``command``, else IXSCAN."""
    command = {k: v for k, v in command.items() if k not in ("lsid", "$db", "$clusterTime")}
    try:
        explained = str(db.command("explain", command))
    except Exception:  # noqa: BLE001 - some commands cannot be explained: say so
        return "?"
    return "COLLSCAN" if "COLLSCAN" in explained else "IXSCAN"


class BenchStack:
    """``BenchStack("booking")``: a vhost ``bench_booking_<hex>`` (created by ``start_broker``) and
    helpers to start the processes a benchmark measures; ``stop`` ends them and the vhost."""

    def __init__(self, name: str, logs: Path | None = None):
        self.procs: list[subprocess.Popen] = []
        self.names: dict[int, str] = {}
        self.logs = logs or ROOT / "var" / "bench"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.broker = urlparse(os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"))
        self.vhost = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        self.amqp = f"amqp://{self.broker.netloc}/{self.vhost}"
        self.mongo_port = free_port()
        self.mongo = f"mongodb://127.0.0.1:{self.mongo_port}"
        self.started_broker = False

    def _mgmt(self, method: str, path: str, **kwargs) -> requests.Response:
        auth = (self.broker.username or "guest", self.broker.password or "guest")
        url = f"http://{self.broker.hostname or '127.0.0.1'}:15672/api{path}"
        response = requests.request(method, url, auth=auth, timeout=10, **kwargs)
        response.raise_for_status()
        return response

    def consumers(self, queue: str) -> int:
        """How many consumers ``queue`` of the benchmark's vhost has (0 when it is missing)."""
        try:
            path = f"/queues/{quote(self.vhost, safe='')}/{quote(queue, safe='')}"
            return int(self._mgmt("GET", path).json().get("consumers", 0))
        except requests.RequestException:
            return 0

    def start_broker(self) -> None:
        """Start a local RabbitMQ when none answers (``scripts/rabbitmq.sh ensure``, stopped again
        by ``stop``), then create the benchmark's own vhost with full permissions."""
        ensured = subprocess.run(
            [str(ROOT / "scripts" / "rabbitmq.sh"), "ensure"],
            capture_output=True,
            text=True,
            env={**os.environ, "AMQP_URI": self.broker.geturl()},
        )
        if ensured.returncode != 0:
            raise SystemExit(f"RabbitMQ could not be started: {ensured.stderr.strip()}")
        self.started_broker = ensured.stdout.strip() == "started"
        vhost = quote(self.vhost, safe="")
        self._mgmt("PUT", f"/vhosts/{vhost}")
        perms = {"configure": ".*", "write": ".*", "read": ".*"}
        self._mgmt("PUT", f"/permissions/{vhost}/{self.broker.username or 'guest'}", json=perms)

    def start_database(self, storage: str = ":memory:") -> None:
        """A standalone SecantusDB on a free port (in memory unless ``storage`` names a folder)."""
        argv = [str(BIN / "secantusd-py"), "--standalone", "--host", "127.0.0.1"]
        self.spawn("secantusdb", argv + ["--port", str(self.mongo_port), "--storage-path", storage])
        wait_for_port(self.mongo_port)

    def watch_slow_operations(self, databases: list[str]) -> None:
        """With ``BENCH_SLOWMS=N``, the store's profiler records operations slower than N ms in
        ``databases``; ``report_slow_operations`` prints the slowest (to tell a stall's cause
        from its victims: the cause is usually the slowest, and a query or bulk write)."""
        slowms = os.environ.get("BENCH_SLOWMS")
        if not slowms:
            return
        with MongoClient(self.mongo) as client:
            for name in databases:
                client[name].command({"profile": 1, "slowms": int(slowms)})
        self.profiled = databases

    def report_slow_operations(self, top: int = 40) -> None:
        """The slow operations grouped by shape (command, collection, filter fields): how many,
        the slowest, the total time and the store's plan (COLLSCAN: no index serves it), the
        costliest first."""
        databases = getattr(self, "profiled", [])
        if not databases:
            return
        shapes: dict[str, list] = {}
        with MongoClient(self.mongo) as client:
            for name in databases:
                for row in client[name]["system.profile"].find({}, {"command": 1, "millis": 1}):
                    seen = shapes.setdefault(_shape(row["command"]), [[], name, row["command"]])
                    seen[0].append(row["millis"])
            ranked = sorted(shapes.items(), key=lambda item: -sum(item[1][0]))
            print("[bench] operations over BENCH_SLOWMS by shape (count, max ms, total ms, plan):")
            for shape, (millis, name, command) in ranked[:top]:
                figures = f"{len(millis):5d} {max(millis):5d} {sum(millis):6d}"
                print(f"[bench]   {figures} {_plan(client[name], command):8} {shape}")

    def spawn(self, name: str, argv: list[str], env: dict | None = None) -> None:
        log = open(self.logs / f"{name}.log", "wb")
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env or dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        self.names[proc.pid] = name

    def start_service(self, service: str, env: dict, name: str | None = None) -> None:
        """``nameko run`` of ``service`` (``name``: its process's name here, the service's own
        by default; a second instance needs a name of its own)."""
        config = f"services/{service}/config.yaml"
        cls = f"{service}.service:{service.capitalize()}Service"
        self.spawn(name or service, [str(BIN / "nameko"), "run", "--config", config, cls], env)

    def stop_process(self, name: str) -> None:
        """End one process group this stack started (SIGTERM: a service stops gracefully)."""
        for proc in self.procs:
            if self.names.get(proc.pid) == name and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()

    def start_gateway(self, port: int, env: dict, name: str = "gateway"):
        """The gateway as ``make run`` serves it (``python -m gateway.serve``: granian, WSGI,
        with its defaults; GATEWAY_WORKERS/GATEWAY_THREADS in ``env`` override them)."""
        argv = [str(BIN / "python"), "-m", "gateway.serve", "--host", "127.0.0.1"]
        self.spawn(name, [*argv, "--port", str(port)], env)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each process group this stack started (from /proc)."""
        used = dict.fromkeys([*self.names.values(), "rabbitmq"], 0.0)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = _stat_fields(stat)
            except OSError:
                continue
            name = self.names.get(int(fields[2]))  # the process group = the spawned child
            if name is None and _is_broker(stat):
                name = "rabbitmq"
            if name:
                used[name] += _cpu_of(fields)
        return used

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        try:
            self._mgmt("DELETE", f"/vhosts/{quote(self.vhost, safe='')}")
        except requests.RequestException:
            pass
        if self.started_broker:
            subprocess.run([str(ROOT / "scripts" / "rabbitmq.sh"), "stop"], check=False)
