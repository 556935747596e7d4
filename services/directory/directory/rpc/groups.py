"""The directory's RPCs on the strategic groups: listing and reading them with their current chair
and secretary, the coordinator assigning offices and editing a group, and membership set by the
coordinator or the group's officers."""

from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import groups, permissions
from directory.clock import today
from directory.storage import StrategicGroup


class GroupsRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def list_groups(self, caller=None):
        """-> GroupPageSchema with current chair and secretary. Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        items = groups.group_items(groups.list_groups(), today())
        return c.GroupPageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def get_group(self, group_id, caller=None):
        """group id -> GroupSchema (chair/secretary person ids, members). NotFound."""
        permissions.check_may_read(load_caller(caller))
        return c.GroupSchema().dump(groups.group_item(groups.get_group(group_id), today()))

    @rpc
    def assign_group_office(self, group_id, data, caller=None):
        """group id, OfficeAssignmentSchema -> GroupSchema (group_office_assigned): the
        coordinator. InvalidInput, NotFound, Conflict, Forbidden."""
        permissions.check_may_manage_groups(load_caller(caller))
        group = groups.assign_office(
            group_id, load(c.OfficeAssignmentSchema, data), today(), self.correlation_id
        )
        self._publish(StrategicGroup, group.id)
        return c.GroupSchema().dump(groups.group_item(group, today()))

    @rpc
    def set_group_membership(self, group_id, data, caller=None):
        """group id, GroupMembershipSchema -> GroupSchema (group_member_added/removed): the
        coordinator or the group's chair or secretary. Forbidden, NotFound."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        current = groups.group_item(groups.get_group(group_id), today())
        permissions.check_may_set_membership(who, current)
        group = groups.set_membership(
            group_id, load(c.GroupMembershipSchema, data), self.correlation_id
        )
        self._publish(StrategicGroup, group.id)
        return c.GroupSchema().dump(groups.group_item(group, today()))

    @rpc
    def update_group(self, group_id, data, caller=None):
        """group id, GroupUpdateSchema -> GroupSchema: the coordinator. InvalidInput, NotFound,
        Forbidden."""
        permissions.check_may_manage_groups(load_caller(caller))
        group = groups.update_group(group_id, load(c.GroupUpdateSchema, data))
        return c.GroupSchema().dump(groups.group_item(group, today()))
