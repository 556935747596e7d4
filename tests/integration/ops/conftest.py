"""Operations integration tier: the real services in nameko containers in this process on a real
RabbitMQ vhost and SecantusDB, each with its operations endpoint on a free port; the gateway's
Flask app in this process over the real broker; email to a real SMTP server on loopback. The
directory (asked by the events and notifications services) is a small stub answering over real
RPC; every log line is captured as the JSON the processes write."""

import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from nameko.rpc import rpc

from contracts.caller import Caller
from contracts.errors import NotFound
from runtime import logformat
from support.mailbox import Mailbox
from support.waiting import free_port

SCHOOL = {
    "urn": 100,
    "name": "Academy A",
    "phase": "Primary",
    "type": "Academy converter",
    "cluster": "North",
    "type_group": "Academies",
    "moderation_selected_years": [],
    "approver_id": "head-a",
    "approver_source": "headteacher",
}
PEOPLE = {
    "teacher-a": {
        "id": "teacher-a",
        "name": "Teacher A",
        "email": "teacher-a@school.test",
        "school_urn": 100,
        "roles": ["teacher"],
    },
    "head-a": {
        "id": "head-a",
        "name": "Head A",
        "email": "head-a@school.test",
        "school_urn": 100,
        "roles": ["headteacher"],
    },
}
COORD = Caller("coord", ("coordinator",)).dump()
TEACHER = Caller("teacher-a", ("teacher",), 100)


class StubDirectory:
    """Stands in for the directory: one school and two people."""

    name = "directory"

    @rpc
    def get_person(self, person_id, caller=None):
        if person_id not in PEOPLE:
            raise NotFound("no person")
        return PEOPLE[person_id]

    @rpc
    def get_school(self, urn, caller=None):
        if urn != SCHOOL["urn"]:
            raise NotFound("no school")
        return SCHOOL

    @rpc
    def list_people(self, query, caller=None):
        items = [PEOPLE[i] for i in query.get("ids") or [] if i in PEOPLE]
        return {"items": items, "total": len(items)}

    @rpc
    def find_role_holders(self, query, caller=None):
        items = [p for p in PEOPLE.values() if query.get("role") in p["roles"]]
        return {"items": items, "total": len(items)}


def new_event(capacity=5, title="Phonics network"):
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "title": title,
        "kind": "course",
        "capacity": capacity,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
    }


@pytest.fixture
def ops_config(service_config):
    """``ops_config("events")``: the service's test config with an operations port of its own
    (``.port``)."""

    def config_for(service, **more):
        port = free_port()
        config = {**service_config(service), "OPS_PORT": port, "OPS_HOST": "127.0.0.1", **more}
        return config

    return config_for


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    box = Mailbox(tmp_path_factory.mktemp("mail")).start()
    yield box
    box.stop()


class JsonLines:
    """Every log line of this process while the test runs, as the JSON the services write."""

    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logformat.formatter("test-process", "json"))

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]

    def with_id(self, correlation_id: str) -> list[dict]:
        return [line for line in self.lines() if line.get("correlation_id") == correlation_id]


@pytest.fixture
def json_logs():
    captured = JsonLines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(captured.handler)
    root.setLevel(logging.INFO)
    yield captured
    root.removeHandler(captured.handler)
    root.setLevel(level)
