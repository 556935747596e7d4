"""End-to-end tier: every process of the platform runs for real (three nameko services and the
gunicorn gateway) on a throwaway RabbitMQ vhost and a SecantusDB server; tests speak HTTP only."""

import pytest

from support.platform import DEMO_ACCOUNTS, Platform

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    """The running platform, shared by the session's end-to-end tests (demo data seeded)."""
    from urllib.parse import urlparse

    amqp = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    logs = tmp_path_factory.mktemp("platform-logs")
    with vhost_pipeline.get() as vhost:
        running = Platform(f"amqp://{amqp.netloc}/{vhost}", mongo_uri, logs)
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture(scope="session")
def as_user(platform):
    """``as_user("teacher")``: an HTTP client logged in as that demo account (see DEMO_ACCOUNTS)."""
    clients = {}

    def client_for(role: str):
        if role not in clients:
            clients[role] = platform.client(DEMO_ACCOUNTS[role])
        return clients[role]

    return client_for
