"""`make run`: the whole platform in the foreground until Ctrl-C / SIGTERM.

Starts RabbitMQ and SecantusDB when nothing answers on AMQP_URI / MONGO_URI, seeds the demo
partnership,
runs the three nameko services and the gateway (granian), waits for /health, prints the URL and the
demo
logins, and on exit stops everything it started and nothing else. Processes a crashed run left
behind
(recorded in var/run/*.pid) are stopped before starting again.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
RUN = VAR / "run"
LOGS = VAR / "log"
BIN = Path(sys.executable).parent
SERVICES = ("notifications", "directory", "events")  # subscribers first
DEMO_ACCOUNTS = [
    ("coordinator@demo.partnership.test", "partnership coordinator"),
    ("la.officer@demo.partnership.test", "local authority officer"),
    ("head@northshore.demo.partnership.test", "headteacher, Northshore Primary (URN 900001)"),
    ("admin@northshore.demo.partnership.test", "school administrator, Northshore Primary"),
    ("teacher@northshore.demo.partnership.test", "teacher, Northshore Primary"),
]


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"[run] {what} did not come up within {seconds:.0f} s")
        time.sleep(0.3)


class Platform:
    def __init__(self) -> None:
        self.env = dict(os.environ)
        # eventlet warns on import that it is deprecated; nameko 2.14 needs it, so quieten that one
        self.env.setdefault("PYTHONWARNINGS", "ignore::Warning:nameko.extensions")
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.started_rabbitmq = False

    # --- infrastructure -------------------------------------------------------------------
    def ensure_rabbitmq(self) -> None:
        self.env.setdefault("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
        result = subprocess.run(
            [str(ROOT / "scripts" / "rabbitmq.sh"), "ensure"],
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        if result.returncode:
            raise SystemExit("[run] no RabbitMQ: it could not be installed or started (see above)")
        self.started_rabbitmq = result.stdout.strip() == "started"
        say(
            ("started" if self.started_rabbitmq else "using")
            + f" RabbitMQ at {self.env['AMQP_URI']}"
        )

    def ensure_mongo(self) -> None:
        if "MONGO_URI" in self.env:
            say(f"using MongoDB at {self.env['MONGO_URI']}")
            return
        self.env["MONGO_URI"] = "mongodb://127.0.0.1:27017"
        if reachable("127.0.0.1", 27017):
            say("using the MongoDB-compatible server already on 127.0.0.1:27017")
            return
        storage = VAR / "mongo"
        storage.mkdir(parents=True, exist_ok=True)
        self.spawn(
            "secantusdb",
            [
                str(BIN / "secantusd-py"),
                "--standalone",
                "--host",
                "127.0.0.1",
                "--port",
                "27017",
                "--storage-path",
                str(storage),
            ],
        )
        wait_until(lambda: reachable("127.0.0.1", 27017), 60, "SecantusDB")
        say("started SecantusDB (standalone) on 127.0.0.1:27017, data in var/mongo")

    def ensure_smtp(self) -> None:
        """SMTP_HOST/SMTP_PORT when set; else a local mail catcher keeping mail in var/mail."""
        if "SMTP_HOST" in self.env:
            say(f"using SMTP at {self.env['SMTP_HOST']}:{self.env.get('SMTP_PORT', '25')}")
            return
        self.env["SMTP_HOST"] = "127.0.0.1"
        port = int(self.env.setdefault("SMTP_PORT", "1025"))
        if reachable("127.0.0.1", port):
            say(f"using the SMTP server already on 127.0.0.1:{port}")
            return
        maildir = VAR / "mail"
        self.spawn(
            "mailcatcher",
            [
                str(BIN / "notifications"),
                "mailcatcher",
                "--port",
                str(port),
                "--maildir",
                str(maildir),
            ],
        )
        wait_until(lambda: reachable("127.0.0.1", port), 30, "the mail catcher")
        say(f"started a mail catcher on 127.0.0.1:{port}, mail in var/mail")

    # --- processes ------------------------------------------------------------------------
    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        LOGS.mkdir(parents=True, exist_ok=True)
        RUN.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"{name}.log", "ab")
        child = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (RUN / f"{name}.pid").write_text(str(child.pid))
        self.children.append((name, child))
        return child

    def seed(self) -> None:
        for service in ("directory", "events"):
            out = subprocess.run(
                [str(BIN / service), "seed-demo"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            if out.returncode:
                raise SystemExit(f"[run] seeding {service} failed:\n{out.stdout}")
            say(out.stdout.strip())

    def start_services(self) -> None:
        for service in SERVICES:
            self.spawn(
                service,
                [
                    str(BIN / "nameko"),
                    "run",
                    "--config",
                    f"services/{service}/config.yaml",
                    f"{service}.service:{service.capitalize()}Service",
                ],
            )
        port = self.env.setdefault("GATEWAY_PORT", "8000")
        self.env.setdefault("GATEWAY_ACCESS_LOG", "1")
        self.spawn("gateway", [str(BIN / "python"), "-m", "gateway.serve", "--port", port])
        say(f"started {', '.join(SERVICES)} and the gateway (logs in var/log/)")

    def healthy(self) -> bool:
        self.check_children()
        url = f"http://127.0.0.1:{self.env['GATEWAY_PORT']}/health"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def check_children(self) -> None:
        for name, child in self.children:
            if child.poll() is not None:
                tail = (LOGS / f"{name}.log").read_text(errors="replace")[-2000:]
                raise SystemExit(
                    f"[run] {name} exited with {child.returncode}; its log ends:\n{tail}"
                )

    def stop(self) -> None:
        for _, child in reversed(self.children):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for name, child in reversed(self.children):
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
            (RUN / f"{name}.pid").unlink(missing_ok=True)
        if self.started_rabbitmq:
            subprocess.run([str(ROOT / "scripts" / "rabbitmq.sh"), "stop"], env=self.env)
        say("stopped everything this run started")


def stop_leftovers() -> None:
    """Stop processes a crashed earlier run recorded in var/run/*.pid (if they are still ours)."""
    stopped = []
    for pidfile in RUN.glob("*.pid") if RUN.exists() else []:
        try:
            pid = int(pidfile.read_text())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            if str(ROOT) in cmdline or str(BIN) in cmdline:
                say(f"stopping {pidfile.stem} left over from an earlier run (pid {pid})")
                os.killpg(pid, signal.SIGTERM)
                stopped.append(pid)
        except (ValueError, OSError):
            pass
        pidfile.unlink(missing_ok=True)
    deadline = time.monotonic() + 15
    while stopped and time.monotonic() < deadline:
        stopped = [pid for pid in stopped if Path(f"/proc/{pid}").exists()]
        time.sleep(0.2)
    for pid in stopped:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def print_welcome(env: dict) -> None:
    port = env["GATEWAY_PORT"]
    password = env.get("DEMO_PASSWORD", "demo-password")
    lines = [
        "",
        "Partnership Hub is running.",
        f"  API:      http://127.0.0.1:{port}/api/v1   (OpenAPI: http://127.0.0.1:{port}/api/openapi.json)",
        f"  Health:   http://127.0.0.1:{port}/health",
        f"  Email:    sent to {env['SMTP_HOST']}:{env['SMTP_PORT']}; caught mail: "
        ".venv/bin/notifications mail list; .venv/bin/notifications mail show [N]",
        f"  Demo logins (password: {password}):",
        *[f"    {email:42} {who}" for email, who in DEMO_ACCOUNTS],
        "  Try:",
        f"    curl -s -X POST http://127.0.0.1:{port}/api/v1/auth/token "
        "-H 'Content-Type: application/json' "
        f"-d '{json.dumps({'email': DEMO_ACCOUNTS[0][0], 'password': password})}'",
        "Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)


def main() -> int:
    started = time.monotonic()
    stop_leftovers()
    platform = Platform()
    stopping = {"flag": False}

    def on_signal(signum, frame):
        stopping["flag"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # even when started in the background (SIGINT ignored)
    try:
        platform.ensure_rabbitmq()
        platform.ensure_mongo()
        platform.ensure_smtp()
        platform.env.setdefault("DEMO_PASSWORD", "demo-password")
        platform.seed()
        platform.start_services()
        wait_until(platform.healthy, 120, "the platform's /health")
        say(f"healthy after {time.monotonic() - started:.1f} s")
        print_welcome(platform.env)
        while True:
            platform.check_children()
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        platform.stop()


if __name__ == "__main__":
    sys.exit(main())
