"""`make run`: the whole platform in the foreground until Ctrl-C / SIGTERM.

Starts RabbitMQ and SecantusDB when nothing answers on AMQP_URI / MONGO_URI, seeds the demo
partnership, runs the three nameko services and the gateway (granian), waits for /health, prints
the URL and the demo logins, and on exit stops everything it started and nothing else. Processes a
crashed run left behind (recorded in var/run/*.pid) are stopped before starting again.

Secrets: each process talks to RabbitMQ as its own user, allowed only what it needs
(deploy/rabbitmq/definitions.sh; created or updated here with `rabbitmqctl import_definitions`
when the broker is local), and the gateway signs tokens with a strong JWT_SECRET. Passwords and
the secret are generated once into var/secrets/ (mode 600) and kept for later runs; an AMQP_URI or
JWT_SECRET set in the environment is used as given.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # beside this script, however loaded
from restarts import Restarts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
RUN = VAR / "run"
LOGS = VAR / "log"
BIN = Path(sys.executable).parent
SECRETS = VAR / "secrets"
DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.sh"
SERVICES = ("notifications", "directory", "events", "community")  # subscribers first
BROKER_USERS = ("directory", "events", "notifications", "community", "gateway")  # one user each
DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
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


def secret(path: Path, make=lambda: secrets.token_hex(24)) -> str:
    """The secret kept in ``path``, made once by ``make()`` (the file mode 600, its folder 700)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists() and path.read_text().strip():
        os.chmod(path, 0o600)
        return path.read_text().strip()
    value = make()
    fresh = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value + "\n")
    os.replace(fresh, path)
    return value


def rabbitmqctl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``rabbitmqctl`` on the local node (as root: sudo -n when not root already)."""
    argv = ["rabbitmqctl", *args]
    if os.geteuid() != 0:
        argv = ["sudo", "-n", *argv]
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=120)


def amqp_uri_of(admin_uri: str, user: str, password: str) -> str:
    """``admin_uri`` (its host, port and vhost) as ``user``."""
    url = urlsplit(admin_uri)
    vhost = vhost_of(admin_uri)
    host = f"{url.hostname or '127.0.0.1'}:{url.port or 5672}"
    return f"{url.scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host}/" + quote(
        vhost, safe=""
    )


def vhost_of(amqp_uri: str) -> str:
    path = urlsplit(amqp_uri).path
    return unquote(path[1:]) if len(path) > 1 else "/"


def broker_accounts(
    admin_uri: str, secrets_dir: Path = SECRETS, prefix: str = "", wait: float = 30
) -> dict[str, str]:
    """Each platform process's own RabbitMQ user on ``admin_uri``'s vhost, created or brought up
    to date (idempotent) from deploy/rabbitmq/definitions.sh with ``rabbitmqctl
    import_definitions``: passwords are made once into ``secrets_dir/rabbitmq-<name>.password``
    and never pass on a command line. ``prefix`` starts every user name (tests). Returns each
    process's AMQP URI, once each user can connect."""
    passwords = {name: secret(secrets_dir / f"rabbitmq-{name}.password") for name in BROKER_USERS}
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HUB_VHOST": vhost_of(admin_uri),
        "HUB_BROKER_USER_PREFIX": prefix,
        **{f"RABBITMQ_{name.upper()}_PASSWORD": value for name, value in passwords.items()},
    }
    made = subprocess.run(["bash", str(DEFINITIONS)], env=env, capture_output=True, text=True)
    if made.returncode:
        raise SystemExit(f"[run] broker accounts: {made.stderr.strip()}")
    done = rabbitmqctl("import_definitions", stdin=made.stdout)
    if done.returncode:
        raise SystemExit(f"[run] rabbitmqctl import_definitions failed: {done.stderr.strip()}")
    uris = {
        name: amqp_uri_of(admin_uri, prefix + name, password)
        for name, password in passwords.items()
    }
    for name, uri in uris.items():  # the import completes in the background: wait for it
        wait_until(lambda uri=uri: can_connect(uri), wait, f"the broker account {prefix}{name}")
    return uris


def can_connect(amqp_uri: str) -> bool:
    from kombu import Connection  # (the venv's: make run runs with it)

    try:
        with Connection(amqp_uri, connect_timeout=5) as conn:
            conn.connect()
        return True
    except Exception:  # noqa: BLE001 - refused, not yet created, or unreachable: not yet
        return False


class Platform:
    def __init__(self) -> None:
        self.env = dict(os.environ)
        # eventlet warns on import that it is deprecated; nameko 2.14 needs it, so quieten that one
        self.env.setdefault("PYTHONWARNINGS", "ignore::Warning:nameko.extensions")
        # links in email (a password reset's page) point at the gateway's web address
        port = self.env.get("GATEWAY_PORT", "8000")
        self.env.setdefault("PUBLIC_URL", f"http://127.0.0.1:{port}")
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.argv: dict[str, list[str]] = {}  # how each process was started (to start it again)
        self.restarts = Restarts()
        self.due: dict[str, float] = {}  # a dead process: when it starts again
        self.started_rabbitmq = False
        # each process's own settings on top of ``env``: its broker account, the gateway's secret
        self.own_env: dict[str, dict[str, str]] = {}
        self.accounts = False  # True once every process has a broker account of its own
        self.fresh = False  # FRESH=1: start from an empty var/mongo (and var/mail)

    # --- infrastructure -------------------------------------------------------------------
    def ensure_rabbitmq(self) -> None:
        self.env.setdefault("AMQP_URI", DEFAULT_AMQP_URI)
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

    def ensure_broker_accounts(self) -> None:
        """Each process its own RabbitMQ user (the broker must be local: rabbitmqctl manages it);
        otherwise every process uses AMQP_URI as given."""
        host = urlsplit(self.env["AMQP_URI"]).hostname or "127.0.0.1"
        local = host == "localhost" or host.startswith("127.")
        if not (
            local and shutil.which("rabbitmqctl") and rabbitmqctl("-q", "status").returncode == 0
        ):
            say("cannot manage the broker's users here: every process uses AMQP_URI as given")
            return
        uris = broker_accounts(self.env["AMQP_URI"])
        for name, uri in uris.items():
            self.own_env.setdefault(name, {})["AMQP_URI"] = uri
        self.accounts = True
        say(f"broker users {', '.join(BROKER_USERS)}, each allowed only what it needs")

    def ensure_jwt_secret(self) -> None:
        """The gateway's signing secret: JWT_SECRET when set, else one made once."""
        if not self.env.get("JWT_SECRET"):
            made = secret(SECRETS / "jwt_secret", lambda: secrets.token_urlsafe(48))
            self.own_env.setdefault("gateway", {})["JWT_SECRET"] = made

    def ensure_mongo(self) -> None:
        if "MONGO_URI" in self.env:
            if self.fresh:
                raise SystemExit("[run] FRESH=1 clears var/mongo only: unset MONGO_URI to use it")
            say(f"using MongoDB at {self.env['MONGO_URI']}")
            return
        self.env["MONGO_URI"] = "mongodb://127.0.0.1:27017"
        if reachable("127.0.0.1", 27017):
            if self.fresh:
                raise SystemExit(
                    "[run] FRESH=1 clears var/mongo, the data of the SecantusDB `make run` starts, "
                    "but another server answers on 127.0.0.1:27017: stop it first"
                )
            say("using the MongoDB-compatible server already on 127.0.0.1:27017")
            return
        storage = VAR / "mongo"
        if self.fresh:
            for cleared in fresh_start(VAR):
                say(f"FRESH=1: cleared {cleared.relative_to(ROOT)}")
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
    def env_of(self, name: str) -> dict[str, str]:
        env = {**self.env, **self.own_env.get(name, {})}
        if self.accounts and "AMQP_URI" not in self.own_env.get(name, {}):
            env.pop("AMQP_URI", None)  # the administrator's URI is for nobody else
        return env

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        self.argv[name] = argv
        child = self._start(name)
        self.children.append((name, child))
        return child

    def _start(self, name: str) -> subprocess.Popen:
        argv = self.argv[name]
        LOGS.mkdir(parents=True, exist_ok=True)
        RUN.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"{name}.log", "ab")
        child = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env_of(name),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (RUN / f"{name}.pid").write_text(str(child.pid))
        return child

    def seed(self) -> None:
        for service in ("directory", "events", "community"):
            out = subprocess.run(
                [str(BIN / service), "seed-demo"],
                cwd=ROOT,
                env=self.env_of(service),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            if out.returncode:
                raise SystemExit(f"[run] seeding {service} failed:\n{out.stdout}")
            say(out.stdout.strip())

    def sync_spaces(self) -> None:
        """A sharing space for every strategic group and cluster now, not at the community's
        next sync (it keeps them in step every minute after)."""
        out = subprocess.run(
            [str(BIN / "community"), "sync"],
            cwd=ROOT,
            env=self.env_of("community"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        say(f"sharing spaces: {out.stdout.strip()}" if not out.returncode else out.stdout)

    def start_services(self) -> None:
        # one JSON object a line in var/log (LOG_FORMAT=console: text); each service's
        # /metrics, /livez, /readyz on OPS_PORT (config.yaml: 9101-9104; 0 turns them off)
        self.env.setdefault("LOG_FORMAT", "json")
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

    def supervise(self) -> None:
        """Once the platform is up, a process that dies is started again after its wait
        (``restarts.Restarts``: at once, then 1, 2, 4 ... up to 30 s), and the others stay up;
        calls that need it answer 503 meanwhile."""
        now = time.monotonic()
        for i, (name, child) in enumerate(self.children):
            if child.poll() is None:
                continue
            if name not in self.due:
                wait = self.restarts.died(name, now)
                self.due[name] = now + wait
                say(
                    f"{name} exited with {child.returncode}; starting it again in {wait:.0f} s "
                    f"(time {self.restarts.count(name)} since it settled; log: var/log/{name}.log)"
                )
            if now >= self.due[name]:
                del self.due[name]
                self.children[i] = (name, self._start(name))
                say(f"{name} started again")

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


def fresh_start(var: Path) -> list[Path]:
    """What `make run FRESH=1` clears before starting its own SecantusDB: the databases in
    var/mongo and the mail caught in var/mail (secrets and logs stay). Returns what it removed."""
    cleared = []
    for name in ("mongo", "mail"):
        path = var / name
        if path.exists():
            shutil.rmtree(path)
            cleared.append(path)
    return cleared


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
        f"  Web:      http://127.0.0.1:{port}/   (sign in with a login below)",
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
    platform.fresh = "--fresh" in sys.argv[1:] or os.environ.get("FRESH", "") in ("1", "yes")
    stopping = {"flag": False}

    def on_signal(signum, frame):
        stopping["flag"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # even when started in the background (SIGINT ignored)
    try:
        platform.ensure_rabbitmq()
        platform.ensure_broker_accounts()
        platform.ensure_jwt_secret()
        platform.ensure_mongo()
        platform.ensure_smtp()
        platform.env.setdefault("DEMO_PASSWORD", "demo-password")
        platform.seed()
        platform.start_services()
        wait_until(platform.healthy, 120, "the platform's /health")
        say(f"healthy after {time.monotonic() - started:.1f} s")
        platform.sync_spaces()
        print_welcome(platform.env)
        while True:
            platform.supervise()
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        platform.stop()


if __name__ == "__main__":
    sys.exit(main())
