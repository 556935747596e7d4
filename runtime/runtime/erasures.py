"""The erasures a service has carried out: one record per erasure (collection ``erasures_done``,
id the erasure's id), written with its ``person_erasure_done`` event in its outbox, in one insert.

``person_erased_handler`` makes a service's handler; ``ErasureEntrypoints`` (a mixin of the
service class) gives it the relay of its records' outbox and the timer that republishes what a
crash left there. The handler asks ``was_done`` first and returns at once when the erasure is
recorded, so a redelivered or republished event never acts twice; the work itself is idempotent
too, so a crash between the work and the record only means doing it again.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nameko.timer import timer
from pymongo.errors import DuplicateKeyError

from contracts.caller import load_caller
from contracts.common import load
from contracts.directory.names import SERVICE as DIRECTORY
from contracts.privacy import (
    PERSON_ERASED,
    PERSON_ERASURE_DONE,
    PersonErasedSchema,
    PersonErasureDoneSchema,
    PersonExportSchema,
)
from runtime.delivery import OutboxRelay, outbox_entry, reliable_event_handler

if TYPE_CHECKING:
    from pymongo.collection import Collection
    from pymongo.database import Database

COLLECTION = "erasures_done"


def collection(db: "Database") -> "Collection":
    return db[COLLECTION]


def was_done(db: "Database", erasure_id: str) -> dict | None:
    """The record of erasure ``erasure_id`` in this service, if it was carried out."""
    return collection(db).find_one({"_id": erasure_id}, {"outbox": 0})


def record_done(
    db: "Database",
    service: str,
    person_id: str,
    erasure_id: str,
    correlation_id: str | None = None,
    at: datetime | None = None,
) -> bool:
    """Record erasure ``erasure_id`` done, its ``person_erasure_done`` in the same insert's
    outbox: True when new, False when it was recorded already."""
    at = at or datetime.now(UTC)
    payload = {
        "person_id": person_id,
        "erasure_id": erasure_id,
        "service": service,
        "done_at": at,
    }
    event = outbox_entry(PERSON_ERASURE_DONE, PersonErasureDoneSchema, payload, correlation_id)
    record: dict[str, Any] = {
        "_id": erasure_id,
        "person_id": person_id,
        "service": service,
        "done_at": at,
        "outbox": [event],
    }
    try:
        collection(db).insert_one(record)
    except DuplicateKeyError:
        return False
    return True


def person_erased_handler(service: str, erase: Callable[[Any, str, str], object]) -> Any:
    """The ``person_erased`` handler of ``service``: ``erase(service_instance, person_id,
    erasure_id)`` does the service's part (idempotently) unless this erasure is recorded
    already; then the record and its ``person_erasure_done``. A payload outside its contract
    raises (dead-lettered)."""

    @reliable_event_handler(DIRECTORY, PERSON_ERASED)
    def handle_person_erased(self: Any, body: dict) -> None:
        event = load(PersonErasedSchema, body)
        if was_done(self.db, event["erasure_id"]) is None:
            erase(self, event["person_id"], event["erasure_id"])
            record_done(
                self.db, service, event["person_id"], event["erasure_id"], event["correlation_id"]
            )
        self.erasure_relay.publish_pending(collection(self.db), event["erasure_id"])

    handle_person_erased.__doc__ = f"directory.person_erased -> {service} erases the person."
    return handle_person_erased


class ErasureEntrypoints:
    """Mixed into a service class that handles ``person_erased`` (which needs ``db``)."""

    erasure_relay = OutboxRelay()

    @timer(interval=30)
    def sweep_erasures_done(self) -> None:
        """Republish ``person_erasure_done`` a crash left in an erasure record's outbox."""
        self.erasure_relay.sweep([collection(self.db)])  # type: ignore[attr-defined]


def privacy_entrypoints(
    service: str,
    check_may_export: Callable[[Any, str], None],
    export: Callable[[str], dict],
    erase: Callable[[str, str], object],
    rpc: Callable[[Callable], Any],
) -> type:
    """A mixin for ``service``'s class: ``export_person`` (``check_may_export(caller,
    person_id)`` from its policy module, then ``export(person_id)``), the ``person_erased``
    handler (``erase(person_id, erasure_id)``) and what ``ErasureEntrypoints`` adds. ``rpc`` is
    the service's RPC entrypoint decorator."""

    def export_person(self: Any, person_id: Any, caller: Any = None) -> dict:
        check_may_export(load_caller(caller), str(person_id))
        return PersonExportSchema().dump(export(str(person_id)))

    export_person.__doc__ = (
        "person id -> PersonExportSchema (the person or the coordinator). Errors: "
        "Unauthorized, Forbidden."
    )
    members = {
        "export_person": rpc(export_person),
        "handle_person_erased": person_erased_handler(
            service, lambda _, person_id, erasure_id: erase(person_id, erasure_id)
        ),
    }
    return type("PrivacyEntrypoints", (ErasureEntrypoints,), members)
