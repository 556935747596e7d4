"""The directory's RPCs on schools and clusters: public search and cluster lists, a school's
page (with who approves its bookings now), and the partnership's changes to a school (entered by
hand, cluster and notes, Ofsted grades, moderation selection, its designated approver); each
change is relayed from the school's outbox."""

from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import approvers, clusters, filters, leadership, permissions, schools
from directory.rpc.arguments import urn_argument
from directory.storage import School


class SchoolsRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def list_schools(self, query=None, caller=None):
        """SchoolQuerySchema -> SchoolPageSchema (public GIAS facts). Errors: InvalidInput."""
        load_caller(caller)
        query = filters.resolved(load(c.SchoolQuerySchema, query), filters.SCHOOL_FILTERS)
        return c.SchoolPageSchema().dump(schools.search_schools(query))

    @rpc
    def get_school(self, urn, caller=None):
        """URN -> SchoolSchema (type_group, cluster, Ofsted, moderation years, the designated
        approver and who approves now by the fallback order (``approver_id``,
        ``approver_source``); the coordinator's notes only to the partnership roles). NotFound,
        Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        school = schools.get_school(urn_argument(urn))
        item = {**schools.school_item(school, who), **leadership.school_approver(school)}
        return c.SchoolSchema().dump(item)

    @rpc
    def create_school(self, data, caller=None):
        """SchoolCreateSchema -> SchoolSchema (school_added): the partnership roles.
        InvalidInput, Conflict (URN), Forbidden."""
        who = load_caller(caller)
        permissions.check_may_create_school(who)
        school = schools.create_school(load(c.SchoolCreateSchema, data), self.correlation_id)
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(schools.school_item(school, who))

    @rpc
    def update_school(self, urn, data, caller=None):
        """URN, SchoolUpdateSchema -> SchoolSchema (school_updated): the coordinator.
        InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_update_school(who)
        school = schools.update_school(
            urn_argument(urn), load(c.SchoolUpdateSchema, data), self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(schools.school_item(school, who))

    @rpc
    def update_ofsted(self, urn, data, caller=None):
        """URN, OfstedUpdateSchema -> SchoolSchema (ofsted_grades_updated, by the caller): the LA
        officer. InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_edit_ofsted(who)
        school = schools.update_ofsted(
            urn_argument(urn), load(c.OfstedUpdateSchema, data), who.id, self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(schools.school_item(school, who))

    @rpc
    def set_moderation_selection(self, data, caller=None):
        """ModerationSelectionSchema -> SchoolPageSchema of the schools changed: the LA officer.
        InvalidInput, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_select_moderation(who)
        changed = schools.set_moderation_selection(
            load(c.ModerationSelectionSchema, data), self.correlation_id
        )
        self._publish(School, *[s.urn for s in changed])
        items = [schools.school_item(s, who) for s in changed]
        return c.SchoolPageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def set_school_approver(self, urn, data, caller=None):
        """URN, ApproverSchema -> SchoolSchema (school_updated): the school's one approver of
        bookings, a headteacher, deputy head or business manager of the school (or null to
        clear); set by its headteacher, the coordinator or the LA officer. InvalidInput
        (person_id), NotFound, Forbidden."""
        who = load_caller(caller)
        person_id = load(c.ApproverSchema, data)["person_id"]
        school = approvers.set_school_approver(
            urn_argument(urn), person_id, who, self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(schools.school_item(school, who))

    @rpc
    def list_clusters(self, caller=None):
        """-> ClusterPageSchema (with school counts; public)."""
        load_caller(caller)
        return c.ClusterPageSchema().dump(clusters.list_clusters())

    @rpc
    def get_cluster(self, cluster_id, caller=None):
        """cluster id -> ClusterDetailSchema (its member schools with phases and Ofsted grades;
        any signed-in person). NotFound (cluster_id), Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.ClusterDetailSchema().dump(clusters.cluster_detail(str(cluster_id)))
