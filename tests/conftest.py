"""All tiers. eventlet is patched first (nameko containers hang without it). Real things here: a
SecantusDB server per test session (standalone, in memory, on a free port; or TEST_MONGO_URI) with a
fresh database per test, and nameko's ``rabbit_config`` (a throwaway RabbitMQ vhost per test)."""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pymongo import MongoClient  # noqa: E402

from support import coverage_summary  # noqa: E402
from support.waiting import free_port, wait_for_port  # noqa: E402

BIN = Path(sys.executable).parent
TESTS = Path(__file__).parent
TIERS = ("unit", "integration", "e2e", "browser", "deploy", "cluster")


def tier_of(path: Path) -> str:
    """The tier a test file belongs to: its folder under tests/ (doctests in the packages: unit)."""
    if not path.is_relative_to(TESTS):
        return "unit"
    parts = path.relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 and parts[0] in TIERS else "unit"


def pytest_terminal_summary(terminalreporter, config):
    """Under ``coverage run`` (``make test``'s unit and integration tiers): the total and the least
    covered files."""
    cov = coverage_summary.current()
    if cov is not None:
        terminalreporter.section("coverage (test process only)")
        for line in coverage_summary.short_report(cov, config.rootpath / "var/coverage/report.txt"):
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items):
    """Each test is marked by its tier (its folder): ``pytest -m integration`` selects one."""
    for item in items:
        item.add_marker(getattr(pytest.mark, tier_of(Path(item.fspath))))


@pytest.fixture(scope="session")
def mongo_uri():
    """A real MongoDB-wire server for the session (SecantusDB standalone unless TEST_MONGO_URI)."""
    if os.environ.get("TEST_MONGO_URI"):
        yield os.environ["TEST_MONGO_URI"]
        return
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "secantusd-py"),
            "--standalone",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            ":memory:",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"mongodb://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def mongo_db(mongo_uri):
    """A fresh database name for one test, dropped afterwards."""
    name = "t_" + uuid.uuid4().hex[:12]
    yield name
    with MongoClient(mongo_uri) as client:
        client.drop_database(name)


@pytest.fixture
def service_config(rabbit_config, mongo_uri, mongo_db):
    """``service_config("events")``: nameko config for a service under test, on this test's vhost,
    with a database of its own."""

    def config_for(service: str) -> dict:
        return {**rabbit_config, "MONGO_URI": mongo_uri, "MONGO_DB": f"{mongo_db}_{service}"}

    yield config_for
    with MongoClient(mongo_uri) as client:
        for name in client.list_database_names():
            if name.startswith(mongo_db):
                client.drop_database(name)
