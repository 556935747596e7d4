"""docs/operations.md says what the repository does: the databases it backs up are the ones the
services use, the ports it names are theirs, and every deploy/ path it mentions exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "operations.md"
SERVICES = ("directory", "events", "notifications", "community")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text()


def setting(service: str, key: str) -> tuple[str, str]:
    """``KEY: ${VARIABLE:default}`` in a service's config.yaml -> (VARIABLE, default)."""
    text = (ROOT / "services" / service / "config.yaml").read_text()
    found = re.search(rf"^{key}: \$\{{(\w+):([^}}]*)\}}$", text, re.M)
    assert found, f"{service}/config.yaml has no {key}"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("service", SERVICES)
def test_the_backup_table_names_each_services_database_and_variable(doc, service):
    variable, database = setting(service, "MONGO_DB")
    row = re.search(rf"^\| {service} \| `([^`]+)` \| `([^`]+)` \|", doc, re.M)
    assert row, f"no backup row for {service}"
    assert row.groups() == (database, variable)


def test_the_ops_ports_under_make_run_are_the_services_defaults(doc):
    for service in SERVICES:
        _, port = setting(service, "OPS_PORT")
        assert f"{port} ({service})" in doc, service


def test_every_deploy_path_it_mentions_exists(doc):
    paths = set(re.findall(r"\b(deploy/(?:k8s|rabbitmq|secrets)[\w./-]*[\w/])", doc))
    assert "deploy/k8s/overlays/production" in {p.rstrip("/") for p in paths}
    for path in paths - {"deploy/secrets.env"}:  # (made by deploy/secrets.sh, never committed)
        assert (ROOT / path.rstrip("/")).exists(), path


def test_the_readme_links_it():
    assert "docs/operations.md" in (ROOT / "README.md").read_text()
