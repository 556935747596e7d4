"""Integration tier for the events service: the real EventsService in a nameko container on a real
RabbitMQ vhost and SecantusDB; the directory (another service) is a stub with a few people, schools
and the CPD group. ``as_("teacher-a")`` is the wire caller of a stub person, as the gateway sends
it."""

from datetime import UTC, datetime, timedelta

import pytest
from nameko.rpc import rpc

from contracts.caller import Caller
from contracts.errors import NotFound
from contracts.leadership import school_leader
from events.service import EventsService
from support.tap import tap

SCHOOLS = {
    100: {
        "urn": 100,
        "name": "Academy A",
        "phase": "Primary",
        "type": "Academy converter",
        "cluster": "North",
        "type_group": "Academies",
        "moderation_selected_years": [],
        "approver_person_id": "deputy-a",  # designated: not the headteacher
    },
    200: {
        "urn": 200,
        "name": "Maintained B",
        "phase": "Primary",
        "type": "Community school",
        "cluster": "North",
        "type_group": "Local authority maintained schools",
        "moderation_selected_years": [],
        "approver_person_id": None,  # none designated: its headteacher approves (fallback)
    },
    300: {
        "urn": 300,
        "name": "Primary C",
        "phase": "Primary",
        "type": "Academy converter",
        "cluster": "North",
        "type_group": "Academies",
        "moderation_selected_years": [],
    },
    400: {
        "urn": 400,
        "name": "Seaside D",
        "phase": "Primary",
        "type": "Academy converter",
        "cluster": "South",
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
    "teacher-d": {"id": "teacher-d", "name": "Teacher D", "school_urn": 400, "roles": ["teacher"]},
    "deputy-a": {"id": "deputy-a", "name": "Deputy A", "school_urn": 100, "roles": ["deputy_head"]},
    "admin-a": {"id": "admin-a", "name": "Admin A", "school_urn": 100, "roles": ["school_admin"]},
    "head-b": {"id": "head-b", "name": "Head B", "school_urn": 200, "roles": ["headteacher"]},
    "year2-a": {
        "id": "year2-a",
        "name": "Year 2 teacher A",
        "school_urn": 100,
        "roles": ["teacher"],
        "year_groups": ["Year 2"],
    },
    "coord": {"id": "coord", "name": "Coordinator", "school_urn": None, "roles": ["coordinator"]},
    "la": {"id": "la", "name": "LA officer", "school_urn": None, "roles": ["la_officer"]},
    "chair-cpd": {"id": "chair-cpd", "name": "CPD chair", "school_urn": 300, "roles": ["teacher"]},
    "member-cpd": {
        "id": "member-cpd",
        "name": "CPD member",
        "school_urn": 400,
        "roles": ["teacher"],
    },
}
GROUPS = {
    "cpd": {
        "id": "cpd",
        "name": "CPD",
        "chair_person_id": "chair-cpd",
        "secretary_person_id": None,
        "members": ["member-cpd"],
    }
}
ASKED_BY: list = []  # the caller of every request the stub directory answered


def as_(person_id: str) -> dict:
    """The wire caller of a stub person (``coord``, ``teacher-a``, ...), or of anyone else
    named (a teacher of no school)."""
    person = PEOPLE.get(person_id, {"id": person_id, "roles": ["teacher"], "school_urn": None})
    return Caller(person["id"], tuple(person["roles"]), person["school_urn"]).dump()


COORD = as_("coord")


class StubDirectory:
    """Stands in for the directory service (another bounded context)."""

    name = "directory"

    @rpc
    def get_person(self, person_id, caller=None):
        ASKED_BY.append(caller)
        if person_id not in PEOPLE:
            raise NotFound("no person")
        return PEOPLE[person_id]

    @rpc
    def get_school(self, urn, caller=None):
        ASKED_BY.append(caller)
        if urn not in SCHOOLS:
            raise NotFound("no school")
        school = SCHOOLS[urn]
        staff = [p for p in PEOPLE.values() if p["school_urn"] == urn]
        holders = lambda role: [p["id"] for p in staff if role in p["roles"]]  # noqa: E731
        approver, source = school_leader(holders, school.get("approver_person_id"))
        return {
            **school,
            "approver_id": approver or "coord",
            "approver_source": source or "coordinator",
        }

    @rpc
    def get_group(self, group_id, caller=None):
        ASKED_BY.append(caller)
        if group_id not in GROUPS:
            raise NotFound("no group")
        return GROUPS[group_id]

    @rpc
    def find_role_holders(self, query, caller=None):
        ASKED_BY.append(caller)
        items = [
            p
            for p in PEOPLE.values()
            if query.get("role") in p["roles"]
            and query.get("school_urn") in (None, p["school_urn"])
        ]
        return {"items": items, "total": len(items)}

    @rpc
    def list_schools(self, query, caller=None):
        ASKED_BY.append(caller)
        if query.get("urns"):
            items = [SCHOOLS[urn] for urn in query["urns"] if urn in SCHOOLS]
        else:
            items = [s for s in SCHOOLS.values() if s["cluster"] == query.get("cluster")]
        return {"items": items, "total": len(items)}

    @rpc
    def list_groups(self, caller=None):
        ASKED_BY.append(caller)
        return {"items": list(GROUPS.values()), "total": len(GROUPS)}

    @rpc
    def list_clusters(self, caller=None):
        ASKED_BY.append(caller)
        names = sorted({s["cluster"] for s in SCHOOLS.values()})
        return {"items": [{"id": n, "name": n} for n in names], "total": len(names)}

    @rpc
    def list_people(self, query, caller=None):
        ASKED_BY.append(caller)
        items = [PEOPLE[i] for i in query.get("ids") or [] if i in PEOPLE]
        return {"items": items, "total": len(items)}


@pytest.fixture
def events_service(container_factory, service_config):
    """The events service (offers and approvals lapse after 1 s) and the stub directory."""
    ASKED_BY.clear()
    config = {**service_config("events"), "OFFER_TTL_SECONDS": 1, "APPROVAL_TTL_SECONDS": 1}
    container_factory(StubDirectory, service_config("directory")).start()
    container = container_factory(EventsService, config)
    container.start()
    return container


@pytest.fixture
def published(rabbit_config):
    """Collects what the events service publishes: ``published()`` -> [(name, body), ...]."""
    with tap(rabbit_config["AMQP_URI"], "events.events", "test-events-tap") as drain:
        yield drain


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
