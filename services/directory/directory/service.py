"""The directory nameko service: validates each payload with its contract, calls a use case,
dumps."""

from datetime import UTC, datetime

from nameko.rpc import rpc
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import directory as c
from contracts.common import load
from contracts.delivery import CorrelationId, OutboxRelay
from contracts.runtime import FreezeStartupObjects
from directory import brokerage, catalogue, groups, password_reset, support, usecases
from directory.storage import (
    BrokerageCase,
    Offer,
    Person,
    School,
    Store,
    StrategicGroup,
    SupportArea,
    SupportRequest,
    outbox_collections,
    raw,
)


def now():
    return datetime.now(UTC)


def today():
    return now().date()


class DirectoryService:
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (contracts.runtime)

    db = Store()
    relay = OutboxRelay()
    correlation_id = CorrelationId()

    def _publish(self, document_class, *doc_ids) -> None:
        """Relay what the last write put in these documents' outboxes."""
        collection = raw(document_class)
        for doc in collection.find({"_id": {"$in": list(doc_ids)}, "outbox.0": {"$exists": True}}):
            self.relay.publish(collection, doc["_id"], doc["outbox"])

    @rpc
    def health(self):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    # ----- schools and clusters -----

    @rpc
    def list_schools(self, query=None):
        """SchoolQuerySchema -> SchoolPageSchema. Errors: InvalidInput."""
        return c.SchoolPageSchema().dump(usecases.search_schools(load(c.SchoolQuerySchema, query)))

    @rpc
    def get_school(self, urn):
        """URN -> SchoolSchema (with type_group, cluster, Ofsted, moderation years). NotFound."""
        return c.SchoolSchema().dump(usecases.school_item(usecases.get_school(int(urn))))

    @rpc
    def create_school(self, data):
        """SchoolCreateSchema -> SchoolSchema (school_added). InvalidInput, Conflict (URN)."""
        school = usecases.create_school(load(c.SchoolCreateSchema, data), self.correlation_id)
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school))

    @rpc
    def update_school(self, urn, data):
        """URN, SchoolUpdateSchema -> SchoolSchema (school_updated). InvalidInput, NotFound."""
        school = usecases.update_school(
            int(urn), load(c.SchoolUpdateSchema, data), self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school))

    @rpc
    def update_ofsted(self, urn, data, by=None):
        """URN, OfstedUpdateSchema -> SchoolSchema (ofsted_grades_updated). InvalidInput,
        NotFound."""
        school = usecases.update_ofsted(
            int(urn), load(c.OfstedUpdateSchema, data), by, self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school))

    @rpc
    def set_moderation_selection(self, data):
        """ModerationSelectionSchema -> SchoolPageSchema of the schools changed. InvalidInput."""
        changed = usecases.set_moderation_selection(
            load(c.ModerationSelectionSchema, data), self.correlation_id
        )
        self._publish(School, *[s.urn for s in changed])
        items = [usecases.school_item(s) for s in changed]
        return c.SchoolPageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def list_clusters(self):
        """-> ClusterPageSchema (with school counts)."""
        return c.ClusterPageSchema().dump(usecases.list_clusters())

    # ----- strategic groups -----

    @rpc
    def list_groups(self):
        """-> GroupPageSchema with current chair and secretary."""
        items = [groups.group_item(g, today()) for g in groups.list_groups()]
        return c.GroupPageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def get_group(self, group_id):
        """group id -> GroupSchema (chair/secretary person ids, members). NotFound."""
        return c.GroupSchema().dump(groups.group_item(groups.get_group(group_id), today()))

    @rpc
    def assign_group_office(self, group_id, data):
        """group id, OfficeAssignmentSchema -> GroupSchema (group_office_assigned). InvalidInput,
        NotFound, Conflict."""
        group = groups.assign_office(
            group_id, load(c.OfficeAssignmentSchema, data), today(), self.correlation_id
        )
        self._publish(StrategicGroup, group.id)
        return c.GroupSchema().dump(groups.group_item(group, today()))

    @rpc
    def set_group_membership(self, group_id, data):
        """group id, GroupMembershipSchema -> GroupSchema (group_member_added/removed)."""
        group = groups.set_membership(
            group_id, load(c.GroupMembershipSchema, data), self.correlation_id
        )
        self._publish(StrategicGroup, group.id)
        return c.GroupSchema().dump(groups.group_item(group, today()))

    @rpc
    def update_group(self, group_id, data):
        """group id, GroupUpdateSchema -> GroupSchema. InvalidInput, NotFound."""
        group = groups.update_group(group_id, load(c.GroupUpdateSchema, data))
        return c.GroupSchema().dump(groups.group_item(group, today()))

    # ----- people -----

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
        """person id -> PersonSchema (with year_groups and subjects). Errors: NotFound."""
        return c.PersonSchema().dump(usecases.person_item(usecases.get_person(person_id)))

    @rpc
    def update_person(self, person_id, data):
        """person id, PersonUpdateSchema -> PersonSchema (person_updated). InvalidInput,
        NotFound."""
        person = usecases.update_person(
            person_id, load(c.PersonUpdateSchema, data), self.correlation_id
        )
        self._publish(Person, person.id)
        return c.PersonSchema().dump(usecases.person_item(person))

    @rpc
    def assign_role(self, person_id, data):
        """person id, RoleAssignmentSchema -> PersonSchema (role_assigned/role_removed)."""
        person = usecases.assign_role(
            person_id, load(c.RoleAssignmentSchema, data), self.correlation_id
        )
        self._publish(Person, person.id)
        return c.PersonSchema().dump(usecases.person_item(person))

    @rpc
    def find_role_holders(self, query):
        """RoleHolderQuerySchema -> PersonPageSchema of who holds the role now. InvalidInput,
        NotFound (group)."""
        found = groups.find_role_holders(load(c.RoleHolderQuerySchema, query), today())
        return c.PersonPageSchema().dump(found)

    @rpc
    def authenticate(self, credentials):
        """CredentialsSchema -> PersonSchema. Errors: InvalidInput, Unauthorized."""
        data = load(c.CredentialsSchema, credentials)
        person = usecases.authenticate(data["email"], data["password"])
        return c.PersonSchema().dump(usecases.person_item(person))

    @rpc
    def request_password_reset(self, data):
        """PasswordResetRequestSchema -> {"status": "requested"}, whether or not anyone has that
        address (password_reset_requested: the code is emailed). Errors: InvalidInput."""
        email = load(c.PasswordResetRequestSchema, data)["email"]
        person_id = password_reset.request_reset(email, now(), self.correlation_id)
        if person_id is not None:
            self._publish(Person, person_id)
        return {"status": "requested"}

    @rpc
    def reset_password(self, data):
        """PasswordResetSchema -> PersonSchema (the password changed, the code spent). Errors:
        InvalidInput (``token`` unknown, used or expired; ``password`` too short)."""
        data = load(c.PasswordResetSchema, data)
        person = password_reset.reset_password(data["token"], data["password"], now())
        return c.PersonSchema().dump(usecases.person_item(person))

    # ----- support directory: taxonomy and offers -----

    @rpc
    def list_support_areas(self):
        """-> SupportAreaPageSchema (the managed taxonomy)."""
        return c.SupportAreaPageSchema().dump(support.list_areas())

    @rpc
    def add_support_area(self, data):
        """SupportAreaSchema -> SupportAreaSchema (support_area_added). InvalidInput, Conflict."""
        area = support.add_area(load(c.SupportAreaSchema, data), self.correlation_id)
        self._publish(SupportArea, area.id)
        return c.SupportAreaSchema().dump({"id": area.id, "name": area.name})

    @rpc
    def create_offer(self, data):
        """OfferCreateSchema -> OfferSchema (offer_published). InvalidInput, NotFound."""
        offer = support.create_offer(load(c.OfferCreateSchema, data), today(), self.correlation_id)
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def get_offer(self, offer_id):
        """offer id -> OfferSchema. NotFound."""
        return c.OfferSchema().dump(support.offer_item(support.get_offer(offer_id), today()))

    @rpc
    def update_offer(self, offer_id, data):
        """offer id, OfferUpdateSchema -> OfferSchema (offer_updated). InvalidInput, NotFound."""
        offer = support.update_offer(offer_id, load(c.OfferUpdateSchema, data), self.correlation_id)
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def verify_offer(self, offer_id, data):
        """offer id, OfferVerificationSchema -> OfferSchema (offer_verified)."""
        offer = support.verify_offer(
            offer_id, load(c.OfferVerificationSchema, data), self.correlation_id
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def withdraw_offer(self, offer_id):
        """offer id -> OfferSchema (offer_withdrawn). NotFound, Conflict."""
        offer = support.withdraw_offer(offer_id, self.correlation_id)
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def search_offers(self, query=None):
        """OfferQuerySchema -> OfferPageSchema, ranked; full offers hidden. InvalidInput."""
        found = support.search_offers(load(c.OfferQuerySchema, query), today())
        return c.OfferPageSchema().dump(found)

    @rpc
    def remind_verification_due(self, on=None):
        """Announce offer_verification_due for offers due by ``on`` (ISO date; default today)."""
        day = datetime.fromisoformat(on).date() if on else today()
        reminded = support.remind_verification_due(day)
        self._publish(Offer, *reminded)
        return {"reminded": reminded}

    @timer(interval=3600)
    def sweep_verification_due(self):
        """Hourly: remind owners of offers whose verification is due."""
        self._publish(Offer, *support.remind_verification_due(today()))

    # ----- support requests and brokerage -----

    @rpc
    def create_support_request(self, data, requested_by=None):
        """SupportRequestCreateSchema -> SupportRequestSchema (support_requested)."""
        req = support.create_request(
            load(c.SupportRequestCreateSchema, data), requested_by, self.correlation_id
        )
        self._publish(SupportRequest, req.id)
        return c.SupportRequestSchema().dump(support.request_item(req))

    @rpc
    def get_support_request(self, request_id):
        """request id -> SupportRequestSchema. NotFound."""
        return c.SupportRequestSchema().dump(support.request_item(support.get_request(request_id)))

    @rpc
    def list_support_requests(self, query=None):
        """SupportRequestQuerySchema -> SupportRequestPageSchema, newest first."""
        found = support.list_requests(load(c.SupportRequestQuerySchema, query))
        return c.SupportRequestPageSchema().dump(found)

    @rpc
    def suggest_offers(self, request_id, limit=10):
        """request id -> OfferPageSchema of ranked matches (score, reasons). NotFound."""
        found = support.suggest_offers(request_id, today(), max(1, min(int(limit), 50)))
        return c.OfferPageSchema().dump(found)

    @rpc
    def broker_support(self, data, viewer):
        """BrokerageCreateSchema, ViewerSchema -> BrokerageCaseSchema (support_brokered).
        Forbidden, NotFound, Conflict (request not open, too few days left), InvalidInput."""
        case = brokerage.broker(
            load(c.BrokerageCreateSchema, data), load(c.ViewerSchema, viewer), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def get_case(self, case_id, viewer):
        """case id, ViewerSchema -> BrokerageCaseSchema; NotFound unless the viewer may see it."""
        case = brokerage.get_case(case_id, load(c.ViewerSchema, viewer))
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def list_cases(self, query, viewer):
        """CaseQuerySchema, ViewerSchema -> BrokerageCasePageSchema of the cases it may see."""
        found = brokerage.list_cases(load(c.CaseQuerySchema, query), load(c.ViewerSchema, viewer))
        return c.BrokerageCasePageSchema().dump(found)

    @rpc
    def give_consent(self, case_id, data, viewer):
        """case id, ConsentSchema, ViewerSchema -> BrokerageCaseSchema
        (brokerage_consent_given/declined). Forbidden, Conflict."""
        case = brokerage.give_consent(
            case_id,
            load(c.ConsentSchema, data),
            load(c.ViewerSchema, viewer),
            today(),
            self.correlation_id,
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def add_case_review(self, case_id, data, viewer):
        """case id, ReviewSchema, ViewerSchema -> BrokerageCaseSchema
        (brokerage_review_recorded)."""
        case = brokerage.add_review(
            case_id, load(c.ReviewSchema, data), load(c.ViewerSchema, viewer), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def close_case(self, case_id, data, viewer):
        """case id, CaseCloseSchema, ViewerSchema -> BrokerageCaseSchema (brokerage_closed)."""
        case = brokerage.close_case(
            case_id,
            load(c.CaseCloseSchema, data),
            load(c.ViewerSchema, viewer),
            self.correlation_id,
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def cancel_case(self, case_id, data, viewer):
        """case id, CaseCancelSchema, ViewerSchema -> BrokerageCaseSchema (brokerage_cancelled):
        days return to the offer, the request reopens. Forbidden, Conflict."""
        case = brokerage.cancel_case(
            case_id,
            load(c.CaseCancelSchema, data),
            load(c.ViewerSchema, viewer),
            self.correlation_id,
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def school_ledger(self, urn, query=None):
        """URN, LedgerQuerySchema -> LedgerSchema (support days given and received). NotFound."""
        data = load(c.LedgerQuerySchema, query)
        return c.LedgerSchema().dump(brokerage.ledger(int(urn), data.get("academic_year")))

    @timer(interval=2, eager=True)
    def refresh_catalogues(self):
        """Keep the search catalogues warm (the first load of 25k schools takes seconds) and the
        default support areas in place."""
        support.ensure_default_areas_once()
        catalogue.schools.maintain()
        catalogue.offers.maintain()

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash (or a CLI import) left in an outbox."""
        self.relay.sweep(outbox_collections())
