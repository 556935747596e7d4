"""The directory's RPCs on people: registering, listing, reading and updating a person, their
roles, and who holds a role now; each answer shows a person as the caller may see them (no email
outside their school and the partnership roles)."""

from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import filters, groups, people, permissions
from directory.clock import today
from directory.storage import Person, School, raw


class PeopleRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def register_person(self, data, caller=None):
        """PersonCreateSchema -> PersonSchema: the partnership roles (any roles), a school's
        administrator or headteacher (own school, school-managed roles). InvalidInput, NotFound
        (school), Conflict (email), Forbidden."""
        who = load_caller(caller)
        person = people.register_person(
            load(c.PersonCreateSchema, data), self.correlation_id, caller=who
        )
        self.relay.publish(person._get_collection(), person.id, person.outbox)
        return c.PersonSchema().dump(people.person_view(people.person_item(person), who))

    @rpc
    def list_people(self, query=None, caller=None):
        """PersonQuerySchema -> PersonPageSchema (emails only where the caller may see them).
        InvalidInput, Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        query = filters.resolved(load(c.PersonQuerySchema, query), ("cluster", "type"))
        found = people.list_people(query)
        return c.PersonPageSchema().dump(people.page_view(found, who))

    @rpc
    def get_person(self, person_id, caller=None):
        """person id -> PersonSchema (year_groups, subjects; email only to their school, the
        person, the partnership roles and services). NotFound, Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        item = people.person_item(people.get_person(person_id))
        return c.PersonSchema().dump(people.person_view(item, who))

    @rpc
    def update_person(self, person_id, data, caller=None):
        """person id, PersonUpdateSchema -> PersonSchema (person_updated): the person, their
        school's administrator or head, the partnership roles (who alone move a person to
        another school). InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        before = raw(Person).find_one({"_id": str(person_id)}, {"school_urn": 1}) or {}
        person = people.update_person(
            person_id, load(c.PersonUpdateSchema, data), self.correlation_id, caller=who
        )
        self._publish(Person, person.id)
        if before.get("school_urn") not in (None, person.school_urn):
            self._publish(School, before["school_urn"])  # its approver may have left
        return c.PersonSchema().dump(people.person_view(people.person_item(person), who))

    @rpc
    def assign_role(self, person_id, data, caller=None):
        """person id, RoleAssignmentSchema -> PersonSchema (role_assigned/role_removed; the
        person's tokens stop working). Never one's own roles; a school's administrator or head
        only school-managed roles of their own school's people. Forbidden, NotFound."""
        who = load_caller(caller)
        person = people.assign_role(
            person_id, load(c.RoleAssignmentSchema, data), self.correlation_id, caller=who
        )
        self._publish(Person, person.id)
        if person.school_urn is not None:
            self._publish(School, person.school_urn)
        return c.PersonSchema().dump(people.person_view(people.person_item(person), who))

    @rpc
    def find_role_holders(self, query, caller=None):
        """RoleHolderQuerySchema -> PersonPageSchema of who holds the role now. InvalidInput,
        NotFound (group), Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        found = groups.find_role_holders(load(c.RoleHolderQuerySchema, query), today())
        return c.PersonPageSchema().dump(people.page_view(found, who))
