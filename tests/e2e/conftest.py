"""End-to-end tier: every process of the platform runs for real (three nameko services and the
gateway) on a throwaway RabbitMQ vhost and a SecantusDB server; tests speak HTTP only."""

import pytest

from support.platform import DEMO_ACCOUNTS, Platform, running_platform


@pytest.fixture(scope="session")
def platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    """The running platform, shared by the session's end-to-end tests (demo data seeded)."""
    logs = tmp_path_factory.mktemp("platform-logs")
    with running_platform(request, vhost_pipeline, mongo_uri, logs) as running:
        yield running


@pytest.fixture(scope="module")
def private_platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    """A platform of the test module's own, for tests that would disturb the shared one's data."""
    logs = tmp_path_factory.mktemp("private-platform-logs")
    with running_platform(request, vhost_pipeline, mongo_uri, logs) as running:
        yield running


def _clients(running: Platform):
    clients = {}

    def client_for(role: str):
        if role not in clients:
            clients[role] = running.client(DEMO_ACCOUNTS[role])
        return clients[role]

    return client_for


@pytest.fixture(scope="session")
def as_user(platform):
    """``as_user("teacher")``: an HTTP client logged in as that demo account (see DEMO_ACCOUNTS)."""
    return _clients(platform)


@pytest.fixture(scope="module")
def as_private_user(private_platform):
    """``as_private_user("coordinator")``: a demo account's client on the module's own platform."""
    return _clients(private_platform)
