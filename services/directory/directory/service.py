"""The directory nameko service: loads the caller and each payload with its contract, calls a
use case (which asks ``permissions`` who may act), dumps.

Every RPC takes ``caller=`` last (the wire ``contracts.caller.CallerSchema``, or None for
anonymous): the directory decides from it, whoever sent the call. Public by nature (no sign-in):
``health``, ``list_schools``, ``list_clusters`` and the account entrypoints (``authenticate``,
``resolve_session``, ``request_password_reset``, ``reset_password``)."""

import logging
from datetime import UTC, datetime

import eventlet
from nameko.exceptions import serialize
from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy, rpc
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import directory as c
from contracts.caller import Caller, load_caller
from contracts.common import load
from contracts.delivery import CorrelationId, OutboxRelay
from contracts.errors import InvalidInput
from contracts.runtime import FreezeStartupObjects
from directory import (
    accounts,
    brokerage,
    calendar_keys,
    catalogue,
    clusters,
    filters,
    groups,
    leadership,
    password_reset,
    permissions,
    support,
    usecases,
)
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

_log = logging.getLogger(__name__)
NOTIFICATIONS = "notifications"
# how long a password reset waits for the notifications service to take its code
SEND_RESET_SECONDS = 5.0


def now():
    return datetime.now(UTC)


def _urn(urn) -> int:
    """A URN argument as an int (422 naming ``urn`` when it is not one)."""
    try:
        value = int(urn)
    except (TypeError, ValueError):
        value = None
    if value is None or not 0 <= value < 2**31 or isinstance(urn, bool | float):
        raise InvalidInput("A URN is a whole number.", {"urn": ["Not a URN."]})
    return value


def today():
    return now().date()


class SignInLimits(DependencyProvider):
    """Sign-in throttling settings from config (``SIGNIN_*``; see ``accounts.Limits``)."""

    def setup(self):
        self.limits = accounts.Limits.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.limits


class DirectoryService:
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (contracts.runtime)

    db = Store()
    relay = OutboxRelay()
    correlation_id = CorrelationId()
    signin_limits = SignInLimits()
    notifications = RpcProxy(NOTIFICATIONS)

    def _publish(self, document_class, *doc_ids) -> None:
        """Relay what the last write put in these documents' outboxes."""
        collection = raw(document_class)
        for doc in collection.find({"_id": {"$in": list(doc_ids)}, "outbox.0": {"$exists": True}}):
            self.relay.publish(collection, doc["_id"], doc["outbox"])

    @rpc
    def health(self, caller=None):
        """-> {"status": "ok", "mongodb": "ok" | "down"} (why it is down goes to the log)."""
        try:
            self.db.command("ping")
        except PyMongoError:
            _log.exception("health: the directory database did not answer")
            return {"status": "ok", "mongodb": "down"}
        return {"status": "ok", "mongodb": "ok"}

    # ----- schools and clusters -----

    @rpc
    def list_schools(self, query=None, caller=None):
        """SchoolQuerySchema -> SchoolPageSchema (public GIAS facts). Errors: InvalidInput."""
        load_caller(caller)
        query = filters.resolved(load(c.SchoolQuerySchema, query), filters.SCHOOL_FILTERS)
        return c.SchoolPageSchema().dump(usecases.search_schools(query))

    @rpc
    def get_school(self, urn, caller=None):
        """URN -> SchoolSchema (type_group, cluster, Ofsted, moderation years, the designated
        approver and who approves now by the fallback order (``approver_id``,
        ``approver_source``); the coordinator's notes only to the partnership roles). NotFound,
        Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        school = usecases.get_school(_urn(urn))
        item = {**usecases.school_item(school, who), **leadership.school_approver(school)}
        return c.SchoolSchema().dump(item)

    @rpc
    def create_school(self, data, caller=None):
        """SchoolCreateSchema -> SchoolSchema (school_added): the partnership roles.
        InvalidInput, Conflict (URN), Forbidden."""
        who = load_caller(caller)
        permissions.check_may_create_school(who)
        school = usecases.create_school(load(c.SchoolCreateSchema, data), self.correlation_id)
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school, who))

    @rpc
    def update_school(self, urn, data, caller=None):
        """URN, SchoolUpdateSchema -> SchoolSchema (school_updated): the coordinator.
        InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_update_school(who)
        school = usecases.update_school(
            _urn(urn), load(c.SchoolUpdateSchema, data), self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school, who))

    @rpc
    def update_ofsted(self, urn, data, caller=None):
        """URN, OfstedUpdateSchema -> SchoolSchema (ofsted_grades_updated, by the caller): the LA
        officer. InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_edit_ofsted(who)
        school = usecases.update_ofsted(
            _urn(urn), load(c.OfstedUpdateSchema, data), who.id, self.correlation_id
        )
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school, who))

    @rpc
    def set_moderation_selection(self, data, caller=None):
        """ModerationSelectionSchema -> SchoolPageSchema of the schools changed: the LA officer.
        InvalidInput, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_select_moderation(who)
        changed = usecases.set_moderation_selection(
            load(c.ModerationSelectionSchema, data), self.correlation_id
        )
        self._publish(School, *[s.urn for s in changed])
        items = [usecases.school_item(s, who) for s in changed]
        return c.SchoolPageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def set_school_approver(self, urn, data, caller=None):
        """URN, ApproverSchema -> SchoolSchema (school_updated): the school's one approver of
        bookings, a headteacher, deputy head or business manager of the school (or null to
        clear); set by its headteacher, the coordinator or the LA officer. InvalidInput
        (person_id), NotFound, Forbidden."""
        who = load_caller(caller)
        person_id = load(c.ApproverSchema, data)["person_id"]
        school = usecases.set_school_approver(_urn(urn), person_id, who, self.correlation_id)
        self._publish(School, school.urn)
        return c.SchoolSchema().dump(usecases.school_item(school, who))

    @rpc
    def list_clusters(self, caller=None):
        """-> ClusterPageSchema (with school counts; public)."""
        load_caller(caller)
        return c.ClusterPageSchema().dump(usecases.list_clusters())

    @rpc
    def get_cluster(self, cluster_id, caller=None):
        """cluster id -> ClusterDetailSchema (its member schools with phases and Ofsted grades;
        any signed-in person). NotFound (cluster_id), Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.ClusterDetailSchema().dump(clusters.cluster_detail(str(cluster_id)))

    # ----- strategic groups -----

    @rpc
    def list_groups(self, caller=None):
        """-> GroupPageSchema with current chair and secretary. Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        items = [groups.group_item(g, today()) for g in groups.list_groups()]
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

    # ----- people -----

    @rpc
    def register_person(self, data, caller=None):
        """PersonCreateSchema -> PersonSchema: the partnership roles (any roles), a school's
        administrator or headteacher (own school, school-managed roles). InvalidInput, NotFound
        (school), Conflict (email), Forbidden."""
        who = load_caller(caller)
        person = usecases.register_person(
            load(c.PersonCreateSchema, data), self.correlation_id, caller=who
        )
        self.relay.publish(person._get_collection(), person.id, person.outbox)
        return c.PersonSchema().dump(usecases.person_view(usecases.person_item(person), who))

    @rpc
    def list_people(self, query=None, caller=None):
        """PersonQuerySchema -> PersonPageSchema (emails only where the caller may see them).
        InvalidInput, Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        query = filters.resolved(load(c.PersonQuerySchema, query), ("cluster", "type"))
        found = usecases.list_people(query)
        return c.PersonPageSchema().dump(usecases.page_view(found, who))

    @rpc
    def get_person(self, person_id, caller=None):
        """person id -> PersonSchema (year_groups, subjects; email only to their school, the
        person, the partnership roles and services). NotFound, Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        item = usecases.person_item(usecases.get_person(person_id))
        return c.PersonSchema().dump(usecases.person_view(item, who))

    @rpc
    def update_person(self, person_id, data, caller=None):
        """person id, PersonUpdateSchema -> PersonSchema (person_updated): the person, their
        school's administrator or head, the partnership roles (who alone move a person to
        another school). InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        before = raw(Person).find_one({"_id": str(person_id)}, {"school_urn": 1}) or {}
        person = usecases.update_person(
            person_id, load(c.PersonUpdateSchema, data), self.correlation_id, caller=who
        )
        self._publish(Person, person.id)
        if before.get("school_urn") not in (None, person.school_urn):
            self._publish(School, before["school_urn"])  # its approver may have left
        return c.PersonSchema().dump(usecases.person_view(usecases.person_item(person), who))

    @rpc
    def assign_role(self, person_id, data, caller=None):
        """person id, RoleAssignmentSchema -> PersonSchema (role_assigned/role_removed; the
        person's tokens stop working). Never one's own roles; a school's administrator or head
        only school-managed roles of their own school's people. Forbidden, NotFound."""
        who = load_caller(caller)
        person = usecases.assign_role(
            person_id, load(c.RoleAssignmentSchema, data), self.correlation_id, caller=who
        )
        self._publish(Person, person.id)
        if person.school_urn is not None:
            self._publish(School, person.school_urn)
        return c.PersonSchema().dump(usecases.person_view(usecases.person_item(person), who))

    @rpc
    def find_role_holders(self, query, caller=None):
        """RoleHolderQuerySchema -> PersonPageSchema of who holds the role now. InvalidInput,
        NotFound (group), Unauthorized."""
        who = load_caller(caller)
        permissions.check_may_read(who)
        found = groups.find_role_holders(load(c.RoleHolderQuerySchema, query), today())
        return c.PersonPageSchema().dump(usecases.page_view(found, who))

    # ----- accounts -----

    @rpc
    def authenticate(self, credentials, client_address=None, caller=None):
        """CredentialsSchema, the client's address -> AccountSessionSchema. Unauthorized (email
        or password wrong), TooManyRequests (throttled: the password is not checked),
        InvalidInput."""
        data = load(c.CredentialsSchema, credentials)
        address = str(client_address)[:100] if client_address else None
        session = accounts.authenticate(
            data["email"], data["password"], address, self.signin_limits, now()
        )
        return c.AccountSessionSchema().dump(session)

    @rpc
    def resolve_session(self, data, caller=None):
        """SessionQuerySchema -> AccountSessionSchema with the person's current roles and
        school. Unauthorized when the person is unknown or the token version is not theirs."""
        query = load(c.SessionQuerySchema, data)
        session = accounts.resolve_session(query["person_id"], query["token_version"])
        return c.AccountSessionSchema().dump(session)

    @rpc
    def resolve_sessions(self, data, caller=None):
        """SessionsQuerySchema -> SessionsResultSchema: ``resolve_session`` for several tokens
        with one store read; each token's Unauthorized is in its own result."""
        queries = load(c.SessionsQuerySchema, data)["sessions"]
        results = [
            {"error": serialize(answer)}
            if isinstance(answer, Exception)
            else {"session": c.AccountSessionSchema().dump(answer)}
            for answer in accounts.resolve_sessions(queries)
        ]
        return c.SessionsResultSchema().dump({"results": results})

    @rpc
    def list_token_versions(self, caller=None):
        """-> TokenVersionsSchema: every account whose tokens were ever revoked, with its
        current token version (a gateway's starting point before ``sessions_revoked``). For
        services (the gateway's own account) only: Forbidden otherwise."""
        permissions.check_is_service(load_caller(caller))
        return c.TokenVersionsSchema().dump({"versions": accounts.token_versions()})

    @rpc
    def calendar_key(self, caller=None):
        """-> CalendarKeySchema: the caller's calendar subscription key (their own only)."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        return c.CalendarKeySchema().dump(calendar_keys.key_of(who.id))

    @rpc
    def renew_calendar_key(self, caller=None):
        """-> CalendarKeySchema: a new key for the caller; older subscription addresses stop
        working."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        return c.CalendarKeySchema().dump(calendar_keys.renew(who.id))

    @rpc
    def calendar_owner(self, data, caller=None):
        """CalendarKeySchema -> AccountSessionSchema: who a subscription address names, while
        its key is theirs (Unauthorized after). For services (the gateway) only."""
        permissions.check_is_service(load_caller(caller))
        query = load(c.CalendarKeySchema, data)
        return c.AccountSessionSchema().dump(calendar_keys.owner(query["person_id"], query["key"]))

    @rpc
    def sign_out(self, caller=None):
        """-> {"status": "signed_out"}: every token of the caller stops working."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        answer = accounts.sign_out(who.id, self.correlation_id)
        self._publish(Person, who.id)
        return answer

    @rpc
    def change_password(self, data, caller=None):
        """PasswordChangeSchema -> {"status": "changed"}; every older token stops working.
        InvalidInput (current_password wrong, new_password too short), TooManyRequests."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        body = load(c.PasswordChangeSchema, data)
        answer = accounts.change_password(
            who.id,
            body["current_password"],
            body["new_password"],
            self.signin_limits,
            now(),
            self.correlation_id,
        )
        self._publish(Person, who.id)
        return answer

    @rpc
    def request_password_reset(self, data, caller=None):
        """PasswordResetRequestSchema -> {"status": "requested"}, whether or not anyone has that
        address. The code goes to the notifications service by a directed command
        (``send_password_reset``), never on a broadcast event; if that fails the answer is the
        same (and logged). Errors: InvalidInput."""
        email = load(c.PasswordResetRequestSchema, data)["email"]
        command = password_reset.request_reset(email, now())
        if command is not None:
            self._send_reset(command)
        return {"status": "requested"}

    def _send_reset(self, command: dict) -> None:
        service = Caller.service(c.SERVICE).dump()
        try:
            with eventlet.Timeout(SEND_RESET_SECONDS):
                self.notifications.send_password_reset(command, caller=service)
        except (Exception, eventlet.Timeout) as exc:  # a timeout, the service down or failing
            _log.error(
                "password reset for person %s not sent: %s",
                command["person_id"],
                type(exc).__name__,
            )
            password_reset.undo_request(command["person_id"])

    @rpc
    def reset_password(self, data, caller=None):
        """PasswordResetSchema -> PersonSchema (the password changed, the code spent, every
        token revoked). Errors: InvalidInput (``token`` unknown, used or expired; ``password``
        too short)."""
        data = load(c.PasswordResetSchema, data)
        person = password_reset.reset_password(data["token"], data["password"], now())
        self._publish(Person, person.id)
        accounts.clear_account(person.email)
        return c.PersonSchema().dump(usecases.person_item(person))

    @timer(interval=3600)
    def forget_quiet_sign_in_counts(self):
        """Hourly: drop sign-in counts nobody touched for a day."""
        accounts.forget_quiet_counts(now())

    # ----- support directory: taxonomy and offers -----

    @rpc
    def list_support_areas(self, caller=None):
        """-> SupportAreaPageSchema (the managed taxonomy). Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.SupportAreaPageSchema().dump(support.list_areas())

    @rpc
    def add_support_area(self, data, caller=None):
        """SupportAreaSchema -> SupportAreaSchema (support_area_added): the coordinator.
        InvalidInput, Conflict, Forbidden."""
        permissions.check_may_add_area(load_caller(caller))
        area = support.add_area(load(c.SupportAreaSchema, data), self.correlation_id)
        self._publish(SupportArea, area.id)
        return c.SupportAreaSchema().dump({"id": area.id, "name": area.name})

    @rpc
    def create_offer(self, data, caller=None):
        """OfferCreateSchema -> OfferSchema (offer_published): the practitioner, their school's
        leaders, the partnership roles. Verification dates and endorsements only from a verifier
        (403 naming the field). InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        offer = support.create_offer(
            load(c.OfferCreateSchema, data), today(), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def get_offer(self, offer_id, caller=None):
        """offer id -> OfferSchema. NotFound, Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.OfferSchema().dump(support.offer_item(support.get_offer(offer_id), today()))

    @rpc
    def update_offer(self, offer_id, data, caller=None):
        """offer id, OfferUpdateSchema -> OfferSchema (offer_updated): the practitioner, their
        school's leaders, the partnership roles; endorsements only by a verifier. InvalidInput,
        NotFound, Forbidden."""
        who = load_caller(caller)
        offer = support.update_offer(
            offer_id, load(c.OfferUpdateSchema, data), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def verify_offer(self, offer_id, data, caller=None):
        """offer id, OfferVerificationSchema -> OfferSchema (offer_verified): the coordinator,
        the LA officer or the practitioner's headteacher. Forbidden, NotFound."""
        who = load_caller(caller)
        offer = support.verify_offer(
            offer_id, load(c.OfferVerificationSchema, data), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def withdraw_offer(self, offer_id, caller=None):
        """offer id -> OfferSchema (offer_withdrawn). NotFound, Conflict, Forbidden."""
        who = load_caller(caller)
        offer = support.withdraw_offer(offer_id, self.correlation_id, caller=who)
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(support.offer_item(offer, today()))

    @rpc
    def search_offers(self, query=None, caller=None):
        """OfferQuerySchema -> OfferPageSchema, ranked; full offers hidden. InvalidInput."""
        permissions.check_may_read(load_caller(caller))
        query = filters.resolved(load(c.OfferQuerySchema, query), ("area", "cluster"))
        found = support.search_offers(query, today())
        return c.OfferPageSchema().dump(found)

    @rpc
    def remind_verification_due(self, on=None, caller=None):
        """Announce offer_verification_due for offers due by ``on`` (ISO date; default today):
        a service, the coordinator or the LA officer."""
        permissions.check_may_remind_verification(load_caller(caller))
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
    def create_support_request(self, data, caller=None):
        """SupportRequestCreateSchema -> SupportRequestSchema (support_requested), asked by the
        caller: the school's leaders, SENCO, business manager; the partnership roles."""
        who = load_caller(caller)
        req = support.create_request(
            load(c.SupportRequestCreateSchema, data), who.id, self.correlation_id, caller=who
        )
        self._publish(SupportRequest, req.id)
        return c.SupportRequestSchema().dump(support.request_item(req))

    @rpc
    def get_support_request(self, request_id, caller=None):
        """request id -> SupportRequestSchema: its school's staff, whoever asked, the
        partnership roles. NotFound, Forbidden."""
        req = support.get_request(request_id, caller=load_caller(caller))
        return c.SupportRequestSchema().dump(support.request_item(req))

    @rpc
    def list_support_requests(self, query=None, caller=None):
        """SupportRequestQuerySchema -> SupportRequestPageSchema, newest first: every school's
        for the partnership roles, the caller's own school's for anyone else."""
        who = load_caller(caller)
        query = filters.resolved(load(c.SupportRequestQuerySchema, query), ("area",))
        found = support.list_requests(query, caller=who)
        return c.SupportRequestPageSchema().dump(found)

    @rpc
    def suggest_offers(self, request_id, limit=10, caller=None):
        """request id -> OfferPageSchema of ranked matches (score, reasons): the school's
        leaders and the partnership roles. NotFound, Forbidden."""
        size = max(1, min(int(limit), 50))
        found = support.suggest_offers(request_id, today(), size, caller=load_caller(caller))
        return c.OfferPageSchema().dump(found)

    @rpc
    def broker_support(self, data, caller=None):
        """BrokerageCreateSchema -> BrokerageCaseSchema (support_brokered): the coordinator or
        the LA officer. Forbidden, NotFound, Conflict (request not open, too few days left),
        InvalidInput."""
        who = load_caller(caller)
        case = brokerage.broker(load(c.BrokerageCreateSchema, data), who, self.correlation_id)
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def get_case(self, case_id, caller=None):
        """case id -> BrokerageCaseSchema: the coordinator, the LA officer and the two schools'
        heads. Forbidden, NotFound."""
        case = brokerage.get_case(case_id, load_caller(caller))
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def list_cases(self, query=None, caller=None):
        """CaseQuerySchema -> BrokerageCasePageSchema of the cases the caller may see."""
        who = load_caller(caller)
        found = brokerage.list_cases(load(c.CaseQuerySchema, query), who)
        return c.BrokerageCasePageSchema().dump(found)

    @rpc
    def give_consent(self, case_id, data, caller=None):
        """case id, ConsentSchema -> BrokerageCaseSchema (brokerage_consent_given/declined): the
        providing school's head. Forbidden, Conflict."""
        case = brokerage.give_consent(
            case_id, load(c.ConsentSchema, data), load_caller(caller), today(), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def add_case_review(self, case_id, data, caller=None):
        """case id, ReviewSchema -> BrokerageCaseSchema (brokerage_review_recorded): anyone who
        may see the case."""
        case = brokerage.add_review(
            case_id, load(c.ReviewSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def close_case(self, case_id, data, caller=None):
        """case id, CaseCloseSchema -> BrokerageCaseSchema (brokerage_closed): the coordinator
        or the LA officer."""
        case = brokerage.close_case(
            case_id, load(c.CaseCloseSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def cancel_case(self, case_id, data, caller=None):
        """case id, CaseCancelSchema -> BrokerageCaseSchema (brokerage_cancelled): days return
        to the offer, the request reopens. The coordinator or the LA officer. Forbidden,
        Conflict."""
        case = brokerage.cancel_case(
            case_id, load(c.CaseCancelSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def school_ledger(self, urn, query=None, caller=None):
        """URN, LedgerQuerySchema -> LedgerSchema (support days given and received): the
        partnership roles and the school's staff, each seeing the rows (and days) of the cases
        they may see. NotFound, Forbidden."""
        data = load(c.LedgerQuerySchema, query)
        found = brokerage.ledger(_urn(urn), data.get("academic_year"), caller=load_caller(caller))
        return c.LedgerSchema().dump(found)

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
