"""docker-compose.yml parses, validates against the compose spec, wires the platform, and scales
the services (`--scale events=3 --scale notifications=3`) with no change."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
BIN = Path(sys.executable).parent
PLATFORM = {"directory", "events", "notifications", "community", "gateway"}


def test_compose_file_matches_the_compose_spec():
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def docker_compose() -> str:
    """Debian's docker-compose (scripts/test.sh installs it); a clear failure, never a skip."""
    found = shutil.which("docker-compose")
    if not found:
        pytest.fail("docker-compose is missing: scripts/test.sh installs Debian's docker-compose")
    return found


def test_docker_compose_accepts_the_file_with_the_secrets_deploy_secrets_sh_makes(
    tmp_path, docker_compose
):
    secrets = tmp_path / "secrets.env"
    subprocess.run(["bash", str(ROOT / "deploy" / "secrets.sh"), str(secrets)], check=True)
    result = subprocess.run(
        [docker_compose, "--env-file", str(secrets), "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_run_without_the_secrets(tmp_path, docker_compose):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = subprocess.run(
        [docker_compose, "--env-file", str(empty), "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0 and "deploy/secrets.env.example" in result.stderr


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_every_service_has_a_health_check_and_waits_for_its_dependencies(compose):
    services = compose["services"]
    assert {"mongo", "rabbitmq"} | PLATFORM <= set(services)
    assert services["mongo"]["image"].startswith("mongo:7")
    assert services["rabbitmq"]["image"] == "rabbitmq:3-management"
    for name in PLATFORM - {"gateway"}:
        deps = services[name]["depends_on"]
        assert deps["mongo"]["condition"] == deps["rabbitmq"]["condition"] == "service_healthy"
    gateway_deps = services["gateway"]["depends_on"]
    assert all(
        gateway_deps[name]["condition"] == "service_healthy" for name in PLATFORM - {"gateway"}
    )
    for name in ("mongo", "rabbitmq"):
        assert services[name]["healthcheck"]["test"]


def test_dockerfiles_are_multi_stage_non_root_and_health_checked():
    for name in PLATFORM:
        text = (ROOT / "services" / name / "Dockerfile").read_text()
        assert text.count("FROM ") >= 2, name
        assert "USER hub" in text and "HEALTHCHECK" in text, name


SCALED = PLATFORM - {"gateway"}  # `docker compose up --scale events=3 --scale notifications=3`


def probe_url(check: dict) -> str:
    """The address a ``python -c`` urllib health check opens (the code compiles)."""
    command = check["test"]
    assert command[:3] == ["CMD", "python", "-c"], command
    compile(command[3], "healthcheck", "exec")
    (url,) = re.findall(r"urlopen\('([^']+)'", command[3])
    return url


def test_services_scale_without_fixed_names_ports_or_volumes(compose):
    for name in SCALED:
        service = compose["services"][name]
        for fixed in ("container_name", "hostname", "ports", "volumes", "mac_address"):
            assert fixed not in service, f"{name}.{fixed}: two instances would clash"
        assert service["restart"] == "unless-stopped"


def test_every_instance_answers_its_own_health_check_on_its_ops_port(compose):
    for name in SCALED:
        service = compose["services"][name]
        assert str(service["environment"]["OPS_PORT"]) == "9100", name
        assert probe_url(service["healthcheck"]) == "http://127.0.0.1:9100/readyz", name
    gateway = compose["services"]["gateway"]
    assert probe_url(gateway["healthcheck"]) == "http://127.0.0.1:8000/readyz"


def hosts_in(value: str) -> set[str]:
    """The host names a setting points at: the hosts of its URLs, or itself for ``*_HOST``
    (interpolations such as ``${SMTP_HOST:-mail}`` read as their default)."""
    value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
    value = re.sub(r"\$\{[^}]*\}", "secret", value)
    return {urlsplit(url).hostname for url in re.findall(r"[a-z]+://\S+", value)}


def test_nothing_addresses_one_instance_of_a_scaled_service(compose):
    """Services meet through RabbitMQ and MongoDB, found by service name; no setting names a
    scaled service's host, which would pick one instance of several."""
    for owner, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            hosts = hosts_in(str(value)) | ({str(value)} if key.endswith("_HOST") else set())
            hosts = {re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", host) for host in hosts}
            assert not hosts & SCALED, (owner, key, value)
        if owner in SCALED:
            env = service["environment"]
            assert hosts_in(env["AMQP_URI"]) == {"rabbitmq"}, owner
            assert hosts_in(env["MONGO_URI"]) == {"mongo"}, owner
