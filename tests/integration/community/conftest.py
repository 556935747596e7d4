"""Integration tier for the community service: the real CommunityService in a nameko container
on a real RabbitMQ vhost and SecantusDB; the directory (another service) is a stub with two
groups, two clusters, a few schools and people. ``as_("teacher-a")`` is the wire caller of a
stub person, as the gateway sends it."""

import base64

import pytest
from kombu import Connection, Exchange, Queue
from nameko.rpc import rpc

from community.membership import clear_cache
from community.service import CommunityService
from contracts.caller import Caller
from contracts.errors import NotFound

MAX_BYTES = 4096
SCHOOLS = {
    100: {"urn": 100, "name": "Academy A", "phase": "Primary", "cluster": "north"},
    200: {"urn": 200, "name": "Primary B", "phase": "Primary", "cluster": "north"},
    300: {"urn": 300, "name": "High C", "phase": "Secondary", "cluster": "south"},
}
PEOPLE = {
    "teacher-a": {"id": "teacher-a", "name": "Teacher A", "school_urn": 100, "roles": ["teacher"]},
    "teacher-b": {"id": "teacher-b", "name": "Teacher B", "school_urn": 200, "roles": ["teacher"]},
    "teacher-c": {"id": "teacher-c", "name": "Teacher C", "school_urn": 300, "roles": ["teacher"]},
    "senco-c": {"id": "senco-c", "name": "SENCo C", "school_urn": 300, "roles": ["senco"]},
    "coord": {"id": "coord", "name": "Coordinator", "school_urn": None, "roles": ["coordinator"]},
    "la": {"id": "la", "name": "LA officer", "school_urn": None, "roles": ["la_officer"]},
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
    clear_cache()
    container_factory(StubDirectory, service_config("directory")).start()
    config = {**service_config("community"), "ATTACHMENT_MAX_BYTES": MAX_BYTES}
    container = container_factory(CommunityService, config)
    container.start()
    return container


@pytest.fixture
def published(rabbit_config):
    """What the community publishes: ``published()`` -> [(name, body), ...]."""
    exchange = Exchange("community.events", type="topic", durable=True)
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        queue = Queue("test-community-tap", exchange=exchange, routing_key="#", auto_delete=True)
        queue(conn.default_channel).declare()
        seen = []
        simple = conn.SimpleQueue(queue)

        def drain():
            while True:
                try:
                    message = simple.get(block=True, timeout=0.2)
                except simple.Empty:
                    return seen
                seen.append((message.delivery_info["routing_key"], message.payload))
                message.ack()

        yield drain
        simple.close()


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
