"""The directory nameko service: validates each payload with its contract, calls a use case,
dumps."""

from nameko.rpc import rpc
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import directory as c
from contracts.common import load
from contracts.delivery import CorrelationId, OutboxRelay
from directory import usecases
from directory.storage import Store, outbox_collections


class DirectoryService:
    name = c.SERVICE

    db = Store()
    relay = OutboxRelay()
    correlation_id = CorrelationId()

    @rpc
    def health(self):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    @rpc
    def list_schools(self, query=None):
        """SchoolQuerySchema -> SchoolPageSchema. Errors: InvalidInput."""
        return c.SchoolPageSchema().dump(usecases.search_schools(load(c.SchoolQuerySchema, query)))

    @rpc
    def register_person(self, data):
        """PersonCreateSchema -> PersonSchema. Errors: InvalidInput, NotFound (school), Conflict
        (email)."""
        person = usecases.register_person(load(c.PersonCreateSchema, data), self.correlation_id)
        self.relay.publish(person._get_collection(), person.id, person.outbox)
        return c.PersonSchema().dump(usecases.person_item(person))

    @rpc
    def list_people(self, query=None):
        """PersonQuerySchema -> PersonPageSchema. Errors: InvalidInput."""
        return c.PersonPageSchema().dump(usecases.list_people(load(c.PersonQuerySchema, query)))

    @rpc
    def get_person(self, person_id):
        """person id -> PersonSchema. Errors: NotFound."""
        return c.PersonSchema().dump(usecases.person_item(usecases.get_person(person_id)))

    @rpc
    def authenticate(self, credentials):
        """CredentialsSchema -> PersonSchema. Errors: InvalidInput, Unauthorized."""
        data = load(c.CredentialsSchema, credentials)
        person = usecases.authenticate(data["email"], data["password"])
        return c.PersonSchema().dump(usecases.person_item(person))

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash left in an outbox."""
        self.relay.sweep(outbox_collections())
