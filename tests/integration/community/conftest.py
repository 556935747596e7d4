"""Integration tier for the community service: the real CommunityService in a nameko container
on a real RabbitMQ vhost and SecantusDB; the directory (another service) is a stub with two
groups, two clusters, a few schools and people. ``as_("teacher-a")`` is the wire caller of a
stub person, as the gateway sends it."""

import base64

import pytest
from nameko.rpc import rpc

from community.service import CommunityService
from contracts.caller import Caller
from contracts.errors import NotFound
from support.tap import tap

MAX_BYTES = 4096
SCHOOLS = {
    100: {
        "urn": 100,
        "name": "Academy A",
        "phase": "Primary",
        "type": "Academy",
        "cluster": "north",
    },
    200: {
        "urn": 200,
        "name": "Primary B",
        "phase": "Primary",
        "type": "Community",
        "cluster": "north",
    },
    300: {
        "urn": 300,
        "name": "High C",
        "phase": "Secondary",
        "type": "Academy",
        "cluster": "south",
    },
}
PEOPLE = {
    "teacher-a": {"id": "teacher-a", "name": "Teacher A", "school_urn": 100, "roles": ["teacher"]},
    "teacher-b": {"id": "teacher-b", "name": "Teacher B", "school_urn": 200, "roles": ["teacher"]},
    "teacher-c": {"id": "teacher-c", "name": "Teacher C", "school_urn": 300, "roles": ["teacher"]},
    "senco-c": {"id": "senco-c", "name": "SENCo C", "school_urn": 300, "roles": ["senco"]},
    "coord": {"id": "coord", "name": "Coordinator", "school_urn": None, "roles": ["coordinator"]},
    "la": {"id": "la", "name": "LA officer", "school_urn": None, "roles": ["la_officer"]},
    "head-a": {"id": "head-a", "name": "Head A", "school_urn": 100, "roles": ["headteacher"]},
    "head-c": {"id": "head-c", "name": "Head C", "school_urn": 300, "roles": ["headteacher"]},
}
GROUPS = {
    "inclusion": {
        "id": "inclusion",
        "name": "Inclusion",
        "chair_person_id": "senco-c",
        "secretary_person_id": None,
        "members": ["teacher-a"],
    },
    "cpd": {
        "id": "cpd",
        "name": "CPD",
        "chair_person_id": "teacher-b",
        "secretary_person_id": None,
        "members": [],
    },
}
CLUSTERS = [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}]
AREAS = [{"id": "send", "name": "SEND"}, {"id": "phonics", "name": "Phonics"}]


def as_(person_id: str) -> dict:
    person = PEOPLE[person_id]
    return Caller(
        person["id"], tuple(person["roles"]), person["school_urn"], name=person["name"]
    ).dump()


class StubDirectory:
    """Stands in for the directory service (another bounded context)."""

    name = "directory"

    @rpc
    def list_groups(self, caller=None):
        return {"items": list(GROUPS.values()), "total": len(GROUPS)}

    @rpc
    def list_clusters(self, caller=None):
        return {"items": CLUSTERS, "total": len(CLUSTERS)}

    @rpc
    def list_support_areas(self, caller=None):
        return {"items": AREAS, "total": len(AREAS)}

    @rpc
    def get_school(self, urn, caller=None):
        if urn not in SCHOOLS:
            raise NotFound("no school")
        return SCHOOLS[urn]


@pytest.fixture
def community(container_factory, service_config):
    """The community service (attachments up to 4 KiB) beside the stub directory, its spaces
    synced."""
    container_factory(StubDirectory, service_config("directory")).start()
    config = {**service_config("community"), "ATTACHMENT_MAX_BYTES": MAX_BYTES}
    container = container_factory(CommunityService, config)
    container.start()
    return container


@pytest.fixture
def published(rabbit_config):
    """What the community publishes: ``published()`` -> [(name, body), ...]."""
    with tap(rabbit_config["AMQP_URI"], "community.events", "test-community-tap") as drain:
        yield drain


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class StubDirectoryWithPeople(StubDirectory):
    """The stub directory answering the notifications service too: people and role holders."""

    name = "directory"

    @rpc
    def get_person(self, person_id, caller=None):
        if person_id not in PEOPLE:
            raise NotFound("no person")
        return {**PEOPLE[person_id], "email": f"{person_id}@school.test"}

    @rpc
    def find_role_holders(self, query, caller=None):
        found = [
            {**p, "email": f"{p['id']}@school.test"}
            for p in PEOPLE.values()
            if query["role"] in p["roles"] and query.get("school_urn") in (None, p["school_urn"])
        ]
        return {"items": found, "total": len(found)}


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory):
    from support.mailbox import Mailbox

    box = Mailbox(tmp_path_factory.mktemp("community-mail")).start()
    yield box
    box.stop()


@pytest.fixture
def community_and_notifications(container_factory, service_config, mailbox):
    """The community and notifications services beside a stub directory (people too), mail to
    a loopback SMTP server, every hour school time."""
    from notifications.service import NotificationsService

    container_factory(StubDirectoryWithPeople, service_config("directory")).start()
    config = {**service_config("community"), "ATTACHMENT_MAX_BYTES": MAX_BYTES}
    container_factory(CommunityService, config).start()
    notifications = {
        **service_config("notifications"),
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": mailbox.port,
        "SCHOOL_CALENDAR": {
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
            "school_day": {"start": "00:00", "end": "23:59:59"},
        },
    }
    container_factory(NotificationsService, notifications).start()


@pytest.fixture
def inbox(rpc):
    """``inbox("head-a")``: the person's inbox entries, newest first."""

    def read(person_id):
        return rpc.notifications.list_inbox(person_id, {}, caller=as_(person_id))["items"]

    return read
