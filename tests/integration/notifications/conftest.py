"""Notifications integration tier: the real NotificationsService in a nameko container on a real
RabbitMQ vhost and SecantusDB, email to a real SMTP server on loopback; the directory and events
services (outside this bounded context) are small stub services answering over real RPC, and
remember who called them (every call must come as ``Caller.service("notifications")``)."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Producer
from nameko.rpc import rpc

from contracts import directory as directory_contract
from contracts import events as events_contract
from contracts.caller import Caller
from contracts.envelope import make_event
from contracts.errors import NotFound
from notifications import scheduling
from notifications.service import NotificationsService
from notifications.settings import Settings
from notifications.storage import BookingCopy
from support.mailbox import Mailbox

PERSON = directory_contract.PersonSchema()  # the stub answers people as the directory does
PEOPLE: dict[str, dict] = {}
SCHOOLS: list[dict] = []
CPD_EVENTS: dict[str, dict] = {}
CALLERS: list = []  # the ``caller`` of every call the stubs answered
ALWAYS_OPEN = {
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
    "school_day": {"start": "00:00", "end": "23:59:59"},
}


class DirectoryStub:
    """Stands in for the directory: people and schools from this module's tables."""

    name = "directory"

    @rpc
    def get_person(self, person_id, caller=None):
        """-> PersonSchema. Errors: NotFound."""
        CALLERS.append(caller)
        if person_id not in PEOPLE:
            raise NotFound(f"No person {person_id}.")
        return PERSON.dump(PEOPLE[person_id])

    @rpc
    def find_role_holders(self, query, caller=None):
        """RoleHolderQuerySchema -> PersonPageSchema."""
        CALLERS.append(caller)
        found = [
            p
            for p in PEOPLE.values()
            if query["role"] in p["roles"]
            and query.get("school_urn") in (None, p["school_urn"])
            and query.get("group_id") in (None, p.get("group_id"))
        ]
        return {"items": PERSON.dump(found, many=True), "total": len(found)}

    @rpc
    def list_people(self, query, caller=None):
        """PersonQuerySchema -> PersonPageSchema."""
        CALLERS.append(caller)
        found = [p for p in PEOPLE.values() if p["school_urn"] == query.get("school_urn")]
        return {"items": PERSON.dump(found, many=True), "total": len(found)}

    @rpc
    def list_schools(self, query, caller=None):
        """SchoolQuerySchema -> SchoolPageSchema."""
        CALLERS.append(caller)
        found = [s for s in SCHOOLS if s["cluster"] == query.get("cluster")]
        return {"items": found, "total": len(found)}


class EventsStub:
    """Stands in for the events service: CPD events from this module's table."""

    name = "events"

    @rpc
    def get_event(self, cpd_event_id, caller=None):
        """-> EventSchema. Errors: NotFound."""
        CALLERS.append(caller)
        if cpd_event_id not in CPD_EVENTS:
            raise NotFound(f"No event {cpd_event_id}.")
        return CPD_EVENTS[cpd_event_id]


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory):
    """A real SMTP server on loopback for the session; tests use addresses of their own."""
    box = Mailbox(tmp_path_factory.mktemp("mail")).start()
    yield box
    box.stop()


@pytest.fixture
def directory():
    """The stub directory's tables: ``directory.person("head", school_urn=1, roles=[...])``."""

    class Tables:
        def person(self, label, school_urn=None, roles=(), group_id=None):
            pid = f"{label}-{uuid.uuid4().hex[:6]}"
            PEOPLE[pid] = {
                "id": pid,
                "email": f"{pid}@school.test",
                "name": label.title(),
                "school_urn": school_urn,
                "roles": list(roles),
                "group_id": group_id,
            }
            return pid

        def school(self, urn, cluster):
            SCHOOLS.append(
                {
                    "urn": urn,
                    "name": f"School {urn}",
                    "phase": "Primary",
                    "type": "Academy",
                    "cluster": cluster,
                }
            )

        def cpd_event(self, title="Phonics network", starts_in=timedelta(days=7), sessions=1):
            eid = uuid.uuid4().hex
            start = (datetime.now(UTC) + starts_in).replace(hour=14, minute=0)
            CPD_EVENTS[eid] = {
                "id": eid,
                "title": title,
                "kind": "course",
                "capacity": 30,
                "confirmed_count": 0,
                "waitlist_count": 0,
                "status": "open",
                "sessions": [
                    {
                        "uid": f"{eid}-{i}@events",
                        "starts_at": (start + timedelta(days=i)).isoformat(),
                        "ends_at": (start + timedelta(days=i, hours=2)).isoformat(),
                        "venue": "Hub",
                    }
                    for i in range(sessions)
                ],
            }
            return eid

    yield Tables()
    PEOPLE.clear()
    SCHOOLS.clear()
    CPD_EVENTS.clear()
    CALLERS.clear()


class Callers:
    """Wire callers as the gateway or a service sends them: ``callers.person("p1")``."""

    coordinator = Caller(id="coordinator-1", roles=("coordinator",)).dump()
    la_officer = Caller(id="la-officer-1", roles=("la_officer",)).dump()
    directory = Caller.service("directory").dump()
    events = Caller.service("events").dump()

    @staticmethod
    def person(person_id, *roles, school_urn=None) -> dict:
        return Caller(id=person_id, roles=roles or ("teacher",), school_urn=school_urn).dump()


@pytest.fixture
def callers():
    return Callers


@pytest.fixture
def stub_callers():
    """The ``caller`` of every call the directory and events stubs answered."""
    return CALLERS


@pytest.fixture
def start_notifications(container_factory, service_config, mailbox):
    """Start the stubs and the notifications service; ``start_notifications(SCHOOL_CALENDAR=...)``
    overrides its config. Returns the notifications config; ``.containers`` lists what started."""

    def start(**overrides):
        config = {
            **service_config("notifications"),
            "SMTP_HOST": mailbox.host,
            "SMTP_PORT": mailbox.port,
            "EMAIL_RETRY_BASE_SECONDS": 0.2,
            "SCHOOL_CALENDAR": ALWAYS_OPEN,
            **overrides,
        }
        for cls in (DirectoryStub, EventsStub, NotificationsService):
            container = container_factory(cls, config)
            container.start()
            start.containers.append(container)
        start.config = config
        return config

    start.containers = []
    return start


@pytest.fixture
def upcoming(start_notifications):
    """``upcoming(booking_id)``: the booking's reminders not fired yet, as the service keeps them
    (read with the settings of the service started last)."""

    def found(booking_id):
        copy = BookingCopy._get_collection().find_one({"_id": booking_id})
        settings = Settings.from_config(start_notifications.config)
        return scheduling.upcoming(copy, settings) if copy else []

    return found


@pytest.fixture
def publish(rabbit_config):
    """``publish("events", "booking_confirmed", payload)``: an event as its contract puts it on
    the wire; returns the body sent."""

    def send(service, name, payload, body=None, correlation_id=None):
        contract = {"events": events_contract, "directory": directory_contract}[service]
        if body is None:
            body = contract.EVENTS[name]().dump(make_event(payload, correlation_id))
            body = json.loads(json.dumps(body, default=str))
        with Connection(rabbit_config["AMQP_URI"]) as conn:
            exchange = Exchange(f"{service}.events", type="topic", durable=True)
            Producer(conn.default_channel, exchange=exchange).publish(
                body, routing_key=name, serializer="json", delivery_mode=2
            )
        return body

    return send


def booking_payload(person, booker=None, cpd_event_id="e1", title="Phonics network", **more):
    return {
        "booking_id": uuid.uuid4().hex,
        "cpd_event_id": cpd_event_id,
        "event_title": title,
        "person_id": person,
        "booked_by": booker or person,
        "status": "confirmed",
        "starts_at": None,
        **more,
    }


@pytest.fixture
def booking():
    return booking_payload
