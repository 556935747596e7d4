"""Directory integration fixtures: the real directory service in a nameko container on the test's
vhost and database, seeded with the demo partnership; a recorder of ``directory.*`` events; a
stand-in notifications service that records the password-reset commands it is sent; callers."""

import pytest
from nameko.events import event_handler
from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import Caller
from directory import demo
from directory.service import DirectoryService
from directory.storage import Person

RECEIVED: list[tuple[str, dict]] = []
RESET_COMMANDS: list[tuple[dict, dict]] = []

SERVICE = Caller.service("tests").dump()
COORDINATOR_EMAIL = "coordinator@demo.partnership.test"
LA_OFFICER_EMAIL = "la.officer@demo.partnership.test"
HEAD_EMAIL = "head@northshore.demo.partnership.test"
ADMIN_EMAIL = "admin@northshore.demo.partnership.test"
TEACHER_EMAIL = "teacher@northshore.demo.partnership.test"
DEMO_URN = 900001


def _recorder(name):
    def handle(self, payload):
        RECEIVED.append((name, payload))

    handle.__name__ = f"handle_{name}"
    return event_handler(c.SERVICE, name)(handle)


DirectoryEventRecorder = type(
    "DirectoryEventRecorder",
    (),
    {"name": "directory_recorder", **{f"handle_{n}": _recorder(n) for n in c.EVENTS}},
)


class FakeNotifications:
    """Answers ``notifications.send_password_reset`` like the real service, recording it."""

    name = "notifications"

    @rpc
    def send_password_reset(self, data, caller=None):
        RESET_COMMANDS.append((data, caller))
        return {"delivery_id": f"reset-{len(RESET_COMMANDS)}", "duplicate": False}


def directory_config(service_config, **settings) -> dict:
    return {**service_config("directory"), **settings}


@pytest.fixture
def directory_settings():
    """Extra config for the directory under test (a test overrides it to lower limits)."""
    return {}


@pytest.fixture
def directory(container_factory, service_config, directory_settings):
    """A started directory service over a seeded demo partnership; returns the events it sent."""
    config = directory_config(service_config, **directory_settings)
    RECEIVED.clear()
    container_factory(DirectoryEventRecorder, config).start()
    container_factory(DirectoryService, config).start()
    demo.seed("demo-password")
    return RECEIVED


@pytest.fixture
def reset_commands(container_factory, service_config):
    """The password-reset commands the directory sends to (a stand-in) notifications service."""
    RESET_COMMANDS.clear()
    container_factory(FakeNotifications, service_config("notifications")).start()
    return RESET_COMMANDS


def events_named(name: str) -> list[dict]:
    return [payload for event, payload in RECEIVED if event == name]


def caller_for(email: str) -> dict:
    """The wire caller the gateway would send for this demo person, as they are now."""
    person = Person.objects.get(email=email)
    return Caller(id=person.id, roles=tuple(person.roles), school_urn=person.school_urn).dump()


@pytest.fixture
def coordinator(directory):
    return caller_for(COORDINATOR_EMAIL)


@pytest.fixture
def la_officer(directory):
    return caller_for(LA_OFFICER_EMAIL)
