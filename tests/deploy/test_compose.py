"""docker-compose.yml parses, validates against the compose spec, and wires the platform."""

import shutil
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.skipif(
    not shutil.which("docker-compose"), reason="Debian's docker-compose not installed"
)
def test_docker_compose_accepts_the_file_with_the_secrets_deploy_secrets_sh_makes(tmp_path):
    secrets = tmp_path / "secrets.env"
    subprocess.run(["bash", str(ROOT / "deploy" / "secrets.sh"), str(secrets)], check=True)
    result = subprocess.run(
        ["docker-compose", "--env-file", str(secrets), "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not shutil.which("docker-compose"), reason="Debian's docker-compose not installed"
)
def test_docker_compose_refuses_to_run_without_the_secrets(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = subprocess.run(
        ["docker-compose", "--env-file", str(empty), "-f", str(COMPOSE), "config", "-q"],
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


def test_services_scale_without_fixed_names_or_ports(compose):
    for name in PLATFORM - {"gateway"}:
        service = compose["services"][name]
        assert "container_name" not in service and "ports" not in service
