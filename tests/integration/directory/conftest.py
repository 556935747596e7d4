"""Directory integration fixtures: the real directory service in a nameko container on the test's
vhost and database, seeded with the demo partnership; a recorder of ``directory.*`` events."""

import pytest
from nameko.events import event_handler

from contracts import directory as c
from directory import demo
from directory.service import DirectoryService

RECEIVED: list[tuple[str, dict]] = []


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


@pytest.fixture
def directory(container_factory, service_config):
    """A started directory service over a seeded demo partnership; returns the events it sent."""
    config = service_config("directory")
    RECEIVED.clear()
    container_factory(DirectoryEventRecorder, config).start()
    container_factory(DirectoryService, config).start()
    demo.seed("demo-password")
    return RECEIVED


def events_named(name: str) -> list[dict]:
    return [payload for event, payload in RECEIVED if event == name]
