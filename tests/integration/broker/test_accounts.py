"""Each process's own RabbitMQ user, made by `make run`'s own function (scripts/run_platform.py
``broker_accounts``, from deploy/rabbitmq/definitions.sh) on this test's throwaway vhost: what
the broker refuses each one, and the platform running with them."""

import importlib.util
import os
import shutil
import stat
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from amqp.exceptions import AccessRefused
from kombu import Connection, Exchange, Producer, Queue

from community.service import CommunityService
from contracts.envelope import make_event
from contracts.events import EVENTS as EVENT_SCHEMAS
from directory.service import DirectoryService
from events.service import EventsService
from notifications.service import NotificationsService
from notifications.storage import Notification
from support.waiting import eventually

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not shutil.which("rabbitmqctl") or os.geteuid() != 0,
        reason="managing broker users needs rabbitmqctl as root",
    ),
]
ROOT = Path(__file__).resolve().parents[3]
EXCHANGES = ("directory.events", "events.events", "notifications.events", "community.events")


def _run_platform():
    spec = importlib.util.spec_from_file_location("run_platform", ROOT / "scripts/run_platform.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_platform = _run_platform()


@pytest.fixture
def secrets_dir(tmp_path):
    return tmp_path / "secrets"


@pytest.fixture
def accounts(rabbit_config, secrets_dir):
    """``{"directory": uri, ...}``: the platform's users (names prefixed: users are broker-wide)
    with permissions on this test's vhost, whose exchanges exist (as the services declare them)."""
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    with Connection(rabbit_config["AMQP_URI"]) as admin:
        for name in (*EXCHANGES, "nameko-rpc"):
            Exchange(name, type="topic", durable=True)(admin.default_channel).declare()
    uris = run_platform.broker_accounts(rabbit_config["AMQP_URI"], secrets_dir, prefix=prefix)
    yield uris
    for name in run_platform.BROKER_USERS:
        run_platform.rabbitmqctl("delete_user", prefix + name)


def publish(uri, exchange, routing_key="anything", body=None):
    """Publish with confirms: raises AccessRefused when the broker refuses."""
    with Connection(uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.channel()).publish(
            body or {"x": 1}, exchange=exchange, routing_key=routing_key, serializer="json"
        )


def refused(action, *args) -> bool:
    try:
        action(*args)
    except AccessRefused:
        return True
    return False


def bind(uri, queue_name, exchange, routing_key):
    with Connection(uri) as conn:
        queue = Queue(
            queue_name,
            Exchange(exchange, type="topic", durable=True),
            routing_key=routing_key,
            auto_delete=True,
        )
        queue(conn.channel()).declare()


def test_passwords_are_made_once_kept_private_and_never_guest(rabbit_config, accounts, secrets_dir):
    again = run_platform.broker_accounts(
        rabbit_config["AMQP_URI"], secrets_dir, prefix=accounts_prefix(accounts)
    )
    assert again == accounts  # idempotent: the same users, the same passwords
    assert stat.S_IMODE(secrets_dir.stat().st_mode) == 0o700
    for name in run_platform.BROKER_USERS:
        path = secrets_dir / f"rabbitmq-{name}.password"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert len(path.read_text().strip()) >= 32
        assert path.read_text().strip() in accounts[name]
        assert "guest" not in accounts[name]
    assert len({Connection(uri).password for uri in accounts.values()}) == len(accounts) == 5


def accounts_prefix(accounts) -> str:
    return Connection(accounts["gateway"]).userid.removesuffix("gateway")


@pytest.mark.parametrize("service", ["directory", "events", "notifications", "community"])
def test_a_service_publishes_events_only_to_its_own_exchange(accounts, service):
    uri = accounts[service]
    publish(uri, f"{service}.events", "something_happened")
    for other in EXCHANGES:
        if other != f"{service}.events":
            assert refused(publish, uri, other, "something_happened"), f"{service} -> {other}"
    assert refused(publish, uri, "", f"rpc-{service}")  # the default exchange reaches any queue
    assert refused(publish, uri, "amq.topic", "x")


def test_the_events_user_cannot_pass_as_the_directory(accounts):
    """Issue 10: only the directory publishes on directory.events."""
    body = {"person_id": "p1", "role": "headteacher"}
    assert refused(publish, accounts["events"], "directory.events", "role_assigned", body)


def test_the_gateway_publishes_rpc_requests_and_nothing_else(accounts):
    gateway = accounts["gateway"]
    publish(gateway, "nameko-rpc", "events.get_event")
    for exchange in EXCHANGES:
        assert refused(publish, gateway, exchange, "booking_confirmed"), exchange
    assert refused(publish, gateway, "nameko-rpc", str(uuid.uuid4()))  # no forged replies
    assert refused(publish, gateway, "", "rpc-events")


def test_nobody_binds_another_service_s_rpc_requests_to_a_queue_of_their_own(accounts):
    """Binding a queue of one's own to ``directory.*`` would copy or steal its requests."""
    assert refused(
        bind, accounts["notifications"], "rpc-notifications", "nameko-rpc", "directory.*"
    )
    assert refused(
        bind, accounts["gateway"], f"rpc.reply-gateway-{uuid.uuid4().hex}", "nameko-rpc", "#"
    )
    assert refused(bind, accounts["events"], "rpc-directory", "nameko-rpc", "directory.*")
    # nor do they read another service's events off a queue named like a subscriber's
    queue = "evt-directory-role_assigned--notifications.handle_role_assigned"
    assert refused(bind, accounts["events"], queue, "directory.events", "role_assigned")


def test_the_platform_runs_with_its_users(container_factory, service_config, accounts):
    """The four services each as their own user; an event goes from the events service to the
    notifications service, whose announcement reaches the gateway's inbox feed, and the gateway's
    RPC reaches every service."""
    from gateway.inbox_feed import InboxFeed
    from gateway.recent_inbox import RecentEntries
    from gateway.rpc import RpcClient

    for cls, name in (
        (NotificationsService, "notifications"),
        (DirectoryService, "directory"),
        (EventsService, "events"),
        (CommunityService, "community"),
    ):
        container_factory(cls, {**service_config(name), "AMQP_URI": accounts[name]}).start()

    client = RpcClient(accounts["gateway"], timeout=10)
    try:
        for name in ("directory", "events", "notifications", "community"):
            assert client.call(name, "health", caller=None)["status"] == "ok"
            assert client.consumers(f"rpc-{name}") >= 1  # may ask whether a service runs
        # the community asks the directory as its own user
        coordinator = {"id": "c", "roles": ["coordinator"], "school_urn": None}
        assert client.call("community", "sync_spaces", caller=coordinator)["archived"] == 0
    finally:
        client.close()

    recent = RecentEntries()
    feed = InboxFeed(accounts["gateway"], recent)
    feed.start()
    try:
        eventually(lambda: recent.live_since is not None, seconds=15)  # the feed is consuming
        after = recent.live_since + timedelta(seconds=1.5)  # (past the feed's clock margin)
        time.sleep(max(0.0, (after - datetime.now(UTC)).total_seconds()))
        assert recent.covers(after)
        person = f"p-{uuid.uuid4().hex[:6]}"
        payload = {
            "booking_id": uuid.uuid4().hex,
            "cpd_event_id": "e1",
            "event_title": "Phonics network",
            "person_id": person,
            "booked_by": person,
            "status": "waitlisted",
            "starts_at": None,
        }
        body = EVENT_SCHEMAS["booking_waitlisted"]().dump(make_event(payload))
        publish(accounts["events"], "events.events", "booking_waitlisted", body)
        eventually(lambda: Notification.objects(person_id=person).count() == 1)
        page = recent.wait_page(person, after, per_page=5, seconds=10)
        assert page is not None and page["items"][0]["kind"] == "booking_waitlisted"
    finally:
        feed.stop()


def test_the_broker_s_health_check_waits_for_the_platform_s_users(accounts):
    """deploy/rabbitmq/healthy.sh (Compose and Kubernetes): healthy once every user exists."""
    check = ["bash", str(ROOT / "deploy/rabbitmq/healthy.sh")]
    prefix = accounts_prefix(accounts)
    for users, healthy in ((prefix, True), ("nobody-", False)):
        env = {**os.environ, "HUB_BROKER_USER_PREFIX": users}
        done = subprocess.run(check, env=env, capture_output=True, text=True)
        assert (done.returncode == 0) is healthy, done.stderr


def test_the_gateway_follows_revocations_as_its_own_user(
    container_factory, service_config, accounts
):
    """The directory (as its user) announces a sign-out; the gateway's session feed (as its
    user) hears it and stops trusting the person's token as it stands."""
    from contracts.caller import Caller
    from gateway.rpc import RpcClient
    from gateway.session_feed import ASK, TRUSTED, Revocations, SessionFeed

    config = {**service_config("directory"), "AMQP_URI": accounts["directory"]}
    container_factory(DirectoryService, config).start()
    client = RpcClient(accounts["gateway"], timeout=10)
    coordinator = Caller("coord", ("coordinator",)).dump()
    gateway = Caller.service("gateway").dump()
    revocations = Revocations()
    feed = SessionFeed(
        accounts["gateway"],
        revocations,
        lambda: client.call("directory", "list_token_versions", caller=gateway)["versions"],
    )
    try:
        person = client.call(
            "directory",
            "register_person",
            {
                "email": "feed@school.test",
                "name": "Fen Feed",
                "roles": ["teacher"],
                "password": "feed-password-1",
            },
            caller=coordinator,
        )
        feed.start()
        eventually(lambda: revocations.synced, seconds=15)
        assert revocations.verdict(person["id"], 0)[0] == TRUSTED
        client.call("directory", "sign_out", caller=Caller(person["id"], ("teacher",)).dump())
        eventually(lambda: revocations.verdict(person["id"], 0)[0] == ASK, seconds=10)
    finally:
        feed.stop()
        client.close()
