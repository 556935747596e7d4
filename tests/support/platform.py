"""The whole platform as real processes for end-to-end tests: the four nameko services and the
gateway (granian), on one RabbitMQ vhost and one SecantusDB server, seeded with the demo
partnership."""

import os
import secrets
import signal
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from support.mailbox import Mailbox
from support.waiting import eventually, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVICES = ("notifications", "directory", "events", "community")  # subscribers first
DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = {
    "coordinator": "coordinator@demo.partnership.test",
    "la_officer": "la.officer@demo.partnership.test",
    "headteacher": "head@northshore.demo.partnership.test",
    "school_admin": "admin@northshore.demo.partnership.test",
    "teacher": "teacher@northshore.demo.partnership.test",
}
DEMO_SCHOOL_URN = 900001


class Platform:
    def __init__(self, amqp_uri: str, mongo_uri: str, logs: Path, extra_env: dict | None = None):
        prefix = "e2e_" + uuid.uuid4().hex[:8]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logs = logs
        self.env = {
            **os.environ,
            "AMQP_URI": amqp_uri,
            "MONGO_URI": mongo_uri,
            "DIRECTORY_DB": f"{prefix}_directory",
            "EVENTS_DB": f"{prefix}_events",
            "NOTIFICATIONS_DB": f"{prefix}_notifications",
            "COMMUNITY_DB": f"{prefix}_community",
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "GATEWAY_PORT": str(self.port),
            "PUBLIC_URL": self.url,
            "JWT_SECRET": secrets.token_urlsafe(48),
            # every test signs in from 127.0.0.1: count failures per account, not per address
            "SIGNIN_ADDRESS_FAILURES": "100000",
            "RPC_TIMEOUT_SECONDS": "3",
            "PYTHONWARNINGS": "ignore::Warning:nameko.extensions",
            **(extra_env or {}),
        }
        self.processes: dict[str, subprocess.Popen] = {}
        # a real SMTP server on loopback; tests read what the platform emailed: platform.mailbox
        self.mailbox = Mailbox(logs / "mail")
        self.env["SMTP_HOST"] = self.mailbox.host
        self.env["SMTP_PORT"] = str(self.mailbox.port)

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.logs / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def command(self, *argv: str) -> None:
        """Run a service's command (``community sync``) against this platform; it must succeed."""
        subprocess.run([str(BIN / argv[0]), *argv[1:]], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def seed(self) -> None:
        for service in ("directory", "events", "community"):
            self.command(service, "seed-demo")

    def start_service(self, name: str) -> None:
        self._spawn(
            name,
            [
                str(BIN / "nameko"),
                "run",
                "--config",
                f"services/{name}/config.yaml",
                f"{name}.service:{name.capitalize()}Service",
            ],
        )

    def start(self) -> "Platform":
        self.mailbox.start()
        self.seed()
        for name in SERVICES:
            self.start_service(name)
        serve = [str(BIN / "python"), "-m", "gateway.serve", "--port", str(self.port)]
        self._spawn("gateway", [*serve, "--workers", "1", "--threads", "8"])
        self.wait_healthy()
        self.sync_spaces()
        return self

    def sync_spaces(self) -> None:
        """Every group's and cluster's sharing space there before a test asks for one (the
        community service syncs them soon after it starts, and every minute after)."""
        self.command("community", "sync")

    def health(self) -> requests.Response | None:
        try:
            return requests.get(self.url + "/health", timeout=10)
        except requests.ConnectionError:
            return None

    def wait_healthy(self, seconds: float = 60) -> None:
        def healthy():
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    log = (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"{name} exited ({proc.returncode}):\n{log}")
            response = self.health()
            return response is not None and response.status_code == 200

        eventually(healthy, seconds, interval=0.2)

    def stop_process(self, name: str) -> None:
        proc = self.processes.pop(name)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        self.mailbox.stop()

    # --- HTTP helpers ------------------------------------------------------------------------
    def token(self, email: str, password: str = DEMO_PASSWORD) -> str:
        response = requests.post(
            self.url + "/api/v1/auth/token", json={"email": email, "password": password}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    def client(self, email: str) -> "Client":
        return Client(self.url, self.token(email))


@contextmanager
def running_platform(request, vhost_pipeline, mongo_uri, logs, extra_env=None):
    """A platform on a throwaway vhost of its own, stopped on leaving (``extra_env``: settings
    of its processes)."""
    amqp = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    with vhost_pipeline.get() as vhost:
        running = Platform(f"amqp://{amqp.netloc}/{vhost}", mongo_uri, logs, extra_env)
        try:
            yield running.start()
        finally:
            running.stop()


class Client:
    """requests with the platform's base URL and a bearer token: ``client.get("/api/v1/me")``."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        # as a browser does: a kept-alive connection the server closed between two requests
        # is opened again for an idempotent request (never for a POST)
        again = Retry(total=1, connect=1, read=1, status=0, other=0, raise_on_status=False)
        self.session.mount("http://", HTTPAdapter(max_retries=again))

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)
