"""The directory's RPCs on people's data (export, erasure and how it goes) and its handlers of
``person_erasure_done`` from the services that erase after it."""

from nameko.rpc import rpc

from contracts import events as events_contract
from contracts.caller import load_caller
from contracts.common import load
from contracts.privacy import (
    PERSON_ERASURE_DONE,
    ErasureSchema,
    PersonErasureDoneSchema,
    PersonExportSchema,
)
from directory import privacy
from directory.clock import now
from directory.permissions.privacy import (
    check_may_erase_person,
    check_may_export_person,
    check_may_see_erasure,
)
from directory.storage import Person
from runtime.dead_letter_retention import DeadLetterRetention
from runtime.delivery import reliable_event_handler


def _done_handler(source: str):
    @reliable_event_handler(source, PERSON_ERASURE_DONE)
    def handler(self, body):
        done = load(PersonErasureDoneSchema, body)
        privacy.mark_done(done["erasure_id"], done["service"], done["done_at"])

    handler.__name__ = f"handle_{source}_erasure_done"
    handler.__doc__ = f"{source}.person_erasure_done -> the erasure notes {source} as done."
    return handler


class PrivacyRpc(DeadLetterRetention):
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and
    ``correlation_id``."""

    @rpc
    def export_person(self, person_id, caller=None):
        """person id -> PersonExportSchema: the person or the coordinator. NotFound,
        Unauthorized, Forbidden."""
        check_may_export_person(load_caller(caller), str(person_id))
        return PersonExportSchema().dump(privacy.export_person(str(person_id)))

    @rpc
    def erase_person(self, person_id, caller=None):
        """person id -> ErasureSchema (person_erased, sessions_revoked): the coordinator.
        NotFound, Unauthorized, Forbidden."""
        who = load_caller(caller)
        check_may_erase_person(who, str(person_id))
        erasure = privacy.erase_person(str(person_id), who.id, now(), self.correlation_id)
        self._publish(Person, str(person_id))
        return ErasureSchema().dump(erasure)

    @rpc
    def get_erasure(self, person_id, caller=None):
        """person id -> ErasureSchema (each service's part, done or not): the coordinator.
        NotFound (no erasure), Unauthorized, Forbidden."""
        check_may_see_erasure(load_caller(caller), str(person_id))
        return ErasureSchema().dump(privacy.get_erasure(str(person_id)))

    handle_events_erasure_done = _done_handler(events_contract.SERVICE)
    handle_notifications_erasure_done = _done_handler("notifications")
    handle_community_erasure_done = _done_handler("community")
