"""The AsyncAPI event catalogue in docs/ lists every event in the contracts, as they are now."""

from pathlib import Path

import yaml

from contracts import directory, events, notifications
from support.generated import stale

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_is_up_to_date_with_the_contracts():
    assert stale("event_catalogue.py") is None


def test_catalogue_names_every_event_with_its_exchange():
    catalogue = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())
    for module in (directory, events, notifications):
        for name in module.EVENTS:
            channel = catalogue["channels"][f"{module.SERVICE}.{name}"]
            assert channel["address"] == name
            assert channel["bindings"]["amqp"]["exchange"]["name"] == f"{module.SERVICE}.events"


def test_every_event_schema_carries_the_envelope():
    catalogue = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())
    schemas = catalogue["components"]["schemas"]
    for message in catalogue["components"]["messages"].values():
        payload = schemas[message["payload"]["$ref"].rsplit("/", 1)[1]]
        assert {"event_id", "occurred_at", "schema_version"} <= set(payload["required"])
