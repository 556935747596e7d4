"""No secret is written in docker-compose.yml or deploy/k8s: each comes from deploy/secrets.env
(made by deploy/secrets.sh, documented by deploy/secrets.env.example, git-ignored) or the
Kubernetes Secret made from it; `make run` makes its own once, privately, in var/secrets/."""

import importlib.util
import json
import re
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
MANIFESTS = sorted((ROOT / "deploy" / "k8s").rglob("*.yaml"))  # base and overlays
EXAMPLE = ROOT / "deploy" / "secrets.env.example"
SECRET_NAME = re.compile(r"(PASSWORD|PASS|SECRET|COOKIE|TOKEN|KEY)$|^AMQP_URI$|^MONGO_URI$")
# values the repository used to ship, and placeholders that must never be deployed
KNOWN = ("hub-dev-password", "compose-only-secret", "change-me", "guest:guest", "demo-password")


def env_keys(text: str) -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A secrets file as deploy/secrets.sh makes it."""
    path = tmp_path_factory.mktemp("secrets") / "secrets.env"
    subprocess.run(["bash", str(ROOT / "deploy" / "secrets.sh"), str(path)], check=True)
    return path


def test_no_known_secret_or_placeholder_is_in_compose_or_kubernetes():
    for path in [COMPOSE, *MANIFESTS]:
        text = path.read_text()
        for value in KNOWN:
            assert value not in text, f"{value!r} in {path.name}"


def test_compose_takes_every_secret_from_the_env_file():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for service_name, service in services.items():
        for name, value in (service.get("environment") or {}).items():
            if not SECRET_NAME.search(name) or name == "MONGO_URI":
                continue
            value = str(value)
            interpolated = re.findall(r"\$\{([A-Z_]+)(:[?-][^}]*)?\}", value)
            assert interpolated, f"{service_name}.{name} is a literal: {value}"
            for _, rule in interpolated:  # required (:?) unless optional and empty (:-)
                assert rule.startswith(":?") or rule == ":-", f"{service_name}.{name}: {value}"
            password = re.match(r"amqp://[^:]+:(.*)@", value)
            if password:
                assert password.group(1).startswith("${"), f"{service_name}.{name}: {value}"


def test_kubernetes_takes_every_secret_from_the_secret():
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["kind"] != "Secret", f"{path.name} writes a Secret's values"
            if doc["kind"] == "ConfigMap":
                for key, value in doc.get("data", {}).items():
                    assert not SECRET_NAME.search(key) or key == "MONGO_URI", (path.name, key)
                    assert "amqp://" not in value or "$(" in value or "://" not in value
            spec = doc.get("spec", {}).get("template", {}).get("spec", {})
            for container in spec.get("containers", []):
                for env in container.get("env", []):
                    if not SECRET_NAME.search(env["name"]):
                        continue
                    if "valueFrom" in env:
                        assert env["valueFrom"]["secretKeyRef"]["name"] == "hub-secrets"
                        continue
                    password = re.match(r"amqp://[^:]+:(.*)@", env.get("value", ""))
                    assert password and re.fullmatch(r"\$\([A-Z_]+\)", password.group(1)), (
                        f"{path.name}: {env['name']} is a literal"
                    )


def referenced_secrets() -> set[str]:
    keys = set(re.findall(r"\$\{([A-Z_]+):\?", COMPOSE.read_text()))
    keys |= {"SMTP_PASSWORD"}
    for path in MANIFESTS:
        keys |= set(re.findall(r"secretKeyRef:\s+name: hub-secrets\s+key: (\w+)", path.read_text()))
    return keys


def test_the_example_documents_every_secret_and_holds_no_value():
    example = env_keys(EXAMPLE.read_text())
    assert referenced_secrets() <= set(example)
    assert all(value == "" for value in example.values())


def test_secrets_sh_makes_every_secret_strong_and_private(made):
    values = env_keys(made.read_text())
    assert set(values) == set(env_keys(EXAMPLE.read_text()))
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    for name, value in values.items():
        if name != "SMTP_PASSWORD":  # (the SMTP server's, when it wants one)
            assert len(value) >= 24 and re.fullmatch(r"[0-9a-f]+", value), name
    assert len(values["JWT_SECRET"]) >= 64  # 32 bytes and more
    assert len(set(values.values()) - {""}) == len(values) - 1  # all different
    again = subprocess.run(
        ["bash", str(ROOT / "deploy" / "secrets.sh"), str(made)], capture_output=True, text=True
    )
    assert again.returncode == 0 and env_keys(made.read_text()) == values  # kept, not remade


def test_the_real_secrets_file_is_never_committed():
    for name in ("deploy/secrets.env",):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
        assert ignored.returncode == 0, f"{name} is not git-ignored"


def definitions(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / "rabbitmq" / "definitions.sh")],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )


def test_broker_definitions_come_from_the_env_file_and_refuse_weak_passwords(made):
    values = env_keys(made.read_text())
    done = definitions(values)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    users = {user["name"]: user for user in loaded["users"]}
    assert set(users) == {"directory", "events", "notifications", "community", "gateway", "hub"}
    assert users["gateway"]["password"] == values["RABBITMQ_GATEWAY_PASSWORD"]
    assert "guest" not in users and users["hub"]["tags"] == "administrator"
    granted = {p["user"]: p for p in loaded["permissions"]}
    for service in ("directory", "events", "notifications", "community"):
        write = re.compile(granted[service]["write"])
        assert write.match(f"{service}.events")
        assert not any(
            write.match(f"{o}.events")
            for o in ("directory", "events", "notifications", "community")
            if o != service
        )
        assert not write.match("amq.default")
    gateway_write = re.compile(granted["gateway"]["write"])
    assert gateway_write.match("nameko-rpc") and not gateway_write.match("events.events")

    for weak in ("", "short", "has space in it 0123456789", 'quote"0123456789abcdef'):
        refused = definitions({**values, "RABBITMQ_EVENTS_PASSWORD": weak})
        assert refused.returncode != 0 and "RABBITMQ_EVENTS_PASSWORD" in refused.stderr
        assert refused.stdout == ""


def test_the_kubernetes_copies_of_the_broker_scripts_are_exact():
    (doc,) = yaml.safe_load_all((ROOT / "deploy/k8s/base/rabbitmq/accounts.yaml").read_text())
    scripts = ROOT / "deploy" / "rabbitmq"
    assert set(doc["data"]) == {path.name for path in scripts.glob("*.sh")}
    for name, text in doc["data"].items():
        assert text == (scripts / name).read_text(), f"deploy/k8s copy of {name} differs"


def _run_platform():
    spec = importlib.util.spec_from_file_location("run_platform", ROOT / "scripts/run_platform.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_run_makes_the_gateway_a_strong_secret_once(tmp_path, monkeypatch):
    run_platform = _run_platform()
    monkeypatch.setattr(run_platform, "SECRETS", tmp_path / "secrets")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    first = run_platform.Platform()
    first.ensure_jwt_secret()
    secret = first.env_of("gateway")["JWT_SECRET"]
    assert len(secret.encode()) >= 32
    assert "JWT_SECRET" not in first.env_of("directory")  # the gateway's alone
    path = tmp_path / "secrets" / "jwt_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = run_platform.Platform()
    again.ensure_jwt_secret()
    assert again.env_of("gateway")["JWT_SECRET"] == secret  # kept across runs

    monkeypatch.setenv("JWT_SECRET", "given-" + "x" * 40)
    given = run_platform.Platform()
    given.ensure_jwt_secret()
    assert given.env_of("gateway")["JWT_SECRET"] == "given-" + "x" * 40
