"""Integration tier for the events service: the real EventsService in a nameko container on a real
RabbitMQ vhost and SecantusDB; the directory (another service) is a stub with a few people."""

from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Queue
from nameko.rpc import rpc

from contracts.errors import NotFound
from events.people import clear_cache
from events.service import EventsService

SCHOOLS = {
    100: {
        "urn": 100,
        "name": "Academy A",
        "phase": "Primary",
        "cluster": "North",
        "type_group": "Academies",
        "moderation_selected_years": [],
    },
    200: {
        "urn": 200,
        "name": "Maintained B",
        "phase": "Primary",
        "cluster": "North",
        "type_group": "Local authority maintained schools",
        "moderation_selected_years": [],
    },
    300: {
        "urn": 300,
        "name": "Primary C",
        "phase": "Primary",
        "cluster": "North",
        "type_group": "Academies",
        "moderation_selected_years": [],
    },
}
PEOPLE = {
    "head-a": {"id": "head-a", "name": "Head A", "school_urn": 100, "roles": ["headteacher"]},
    "teacher-a": {"id": "teacher-a", "name": "Teacher A", "school_urn": 100, "roles": ["teacher"]},
    "teacher-a2": {
        "id": "teacher-a2",
        "name": "Teacher A2",
        "school_urn": 100,
        "roles": ["teacher"],
    },
    "teacher-b": {"id": "teacher-b", "name": "Teacher B", "school_urn": 200, "roles": ["teacher"]},
    "teacher-c": {"id": "teacher-c", "name": "Teacher C", "school_urn": 300, "roles": ["teacher"]},
}


class StubDirectory:
    """Stands in for the directory service (another bounded context)."""

    name = "directory"

    @rpc
    def get_person(self, person_id):
        if person_id not in PEOPLE:
            raise NotFound("no person")
        return PEOPLE[person_id]

    @rpc
    def get_school(self, urn):
        if urn not in SCHOOLS:
            raise NotFound("no school")
        return SCHOOLS[urn]

    @rpc
    def list_people(self, query):
        items = [
            p
            for p in PEOPLE.values()
            if p["school_urn"] == query.get("school_urn") and query.get("role") in p["roles"]
        ]
        return {"items": items, "total": len(items)}

    @rpc
    def list_schools(self, query):
        items = [s for s in SCHOOLS.values() if s["cluster"] == query.get("cluster")]
        return {"items": items, "total": len(items)}


@pytest.fixture
def events_service(container_factory, service_config):
    """The events service (offers and approvals lapse after 1 s) and the stub directory."""
    clear_cache()
    config = {**service_config("events"), "OFFER_TTL_SECONDS": 1, "APPROVAL_TTL_SECONDS": 1}
    container_factory(StubDirectory, service_config("directory")).start()
    container = container_factory(EventsService, config)
    container.start()
    return container


@pytest.fixture
def published(rabbit_config):
    """Collects what the events service publishes: ``published()`` -> [(name, body), ...]."""
    exchange = Exchange("events.events", type="topic", durable=True)
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        queue = Queue("test-events-tap", exchange=exchange, routing_key="#", auto_delete=True)
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


@pytest.fixture
def new_event():
    """``new_event(capacity=5, sessions=1, **fields)``: an EventCreateSchema payload."""
    return event_data


def event_data(capacity=5, sessions=1, **extra):
    start = datetime.now(UTC) + timedelta(days=10)
    return {
        "title": extra.pop("title", "Maths mastery"),
        "kind": extra.pop("kind", "course"),
        "capacity": capacity,
        "sessions": [
            {
                "starts_at": (start + timedelta(days=7 * n)).isoformat(),
                "ends_at": (start + timedelta(days=7 * n, hours=2)).isoformat(),
                "venue": f"Room {n}",
            }
            for n in range(sessions)
        ],
        **extra,
    }
