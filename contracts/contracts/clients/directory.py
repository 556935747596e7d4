"""The directory service's typed client, ``DirectoryClient``: every RPC ``directory.service``
serves, with the schema of the payload it loads and of the answer it dumps."""

from contracts import directory as d
from contracts import privacy
from contracts.clients.base import Rpc, ServiceClient
from contracts.common import HealthSchema


class DirectoryClient(ServiceClient):
    service = d.SERVICE

    health = Rpc(returns=HealthSchema)

    # Schools and clusters
    list_schools = Rpc(takes=d.SchoolQuerySchema, returns=d.SchoolPageSchema)
    get_school = Rpc(returns=d.SchoolSchema)
    create_school = Rpc(takes=d.SchoolCreateSchema, returns=d.SchoolSchema)
    update_school = Rpc(takes=d.SchoolUpdateSchema, returns=d.SchoolSchema)
    update_ofsted = Rpc(takes=d.OfstedUpdateSchema, returns=d.SchoolSchema)
    # the schools it changed, as a page
    set_moderation_selection = Rpc(takes=d.ModerationSelectionSchema, returns=d.SchoolPageSchema)
    set_school_approver = Rpc(takes=d.ApproverSchema, returns=d.SchoolSchema)
    list_clusters = Rpc(returns=d.ClusterPageSchema)
    get_cluster = Rpc(returns=d.ClusterDetailSchema)

    # Strategic groups
    list_groups = Rpc(returns=d.GroupPageSchema)
    get_group = Rpc(returns=d.GroupSchema)
    assign_group_office = Rpc(takes=d.OfficeAssignmentSchema, returns=d.GroupSchema)
    set_group_membership = Rpc(takes=d.GroupMembershipSchema, returns=d.GroupSchema)
    update_group = Rpc(takes=d.GroupUpdateSchema, returns=d.GroupSchema)

    # People and roles
    register_person = Rpc(takes=d.PersonCreateSchema, returns=d.PersonSchema)
    list_people = Rpc(takes=d.PersonQuerySchema, returns=d.PersonPageSchema)
    get_person = Rpc(returns=d.PersonSchema)
    update_person = Rpc(takes=d.PersonUpdateSchema, returns=d.PersonSchema)
    assign_role = Rpc(takes=d.RoleAssignmentSchema, returns=d.PersonSchema)
    find_role_holders = Rpc(takes=d.RoleHolderQuerySchema, returns=d.PersonPageSchema)

    # Accounts
    authenticate = Rpc(takes=d.CredentialsSchema, returns=d.AccountSessionSchema)
    resolve_session = Rpc(takes=d.SessionQuerySchema, returns=d.AccountSessionSchema)
    resolve_sessions = Rpc(takes=d.SessionsQuerySchema, returns=d.SessionsResultSchema)
    list_token_versions = Rpc(returns=d.TokenVersionsSchema)
    calendar_key = Rpc(returns=d.CalendarKeySchema)
    renew_calendar_key = Rpc(returns=d.CalendarKeySchema)
    # who the subscription address (person id and key) names
    calendar_owner = Rpc(takes=d.CalendarKeySchema, returns=d.AccountSessionSchema)
    sign_out = Rpc(returns=d.AccountStatusSchema)
    change_password = Rpc(takes=d.PasswordChangeSchema, returns=d.AccountStatusSchema)
    request_password_reset = Rpc(takes=d.PasswordResetRequestSchema, returns=d.AccountStatusSchema)
    # the person whose password it reset
    reset_password = Rpc(takes=d.PasswordResetSchema, returns=d.PersonSchema)

    # Support areas and expertise offers
    list_support_areas = Rpc(returns=d.SupportAreaPageSchema)
    add_support_area = Rpc(takes=d.SupportAreaSchema, returns=d.SupportAreaSchema)
    create_offer = Rpc(takes=d.OfferCreateSchema, returns=d.OfferSchema)
    get_offer = Rpc(returns=d.OfferSchema)
    update_offer = Rpc(takes=d.OfferUpdateSchema, returns=d.OfferSchema)
    verify_offer = Rpc(takes=d.OfferVerificationSchema, returns=d.OfferSchema)
    withdraw_offer = Rpc(returns=d.OfferSchema)
    search_offers = Rpc(takes=d.OfferQuerySchema, returns=d.OfferPageSchema)
    # takes ``on``, an ISO date (default today)
    remind_verification_due = Rpc(returns=d.VerificationRemindersSchema)

    # Support requests
    create_support_request = Rpc(takes=d.SupportRequestCreateSchema, returns=d.SupportRequestSchema)
    get_support_request = Rpc(returns=d.SupportRequestSchema)
    list_support_requests = Rpc(
        takes=d.SupportRequestQuerySchema, returns=d.SupportRequestPageSchema
    )
    # takes a request id and ``limit``; ranked offers with score and reasons
    suggest_offers = Rpc(returns=d.OfferPageSchema)

    # Brokerage cases and the ledger
    broker_support = Rpc(takes=d.BrokerageCreateSchema, returns=d.BrokerageCaseSchema)
    get_case = Rpc(returns=d.BrokerageCaseSchema)
    list_cases = Rpc(takes=d.CaseQuerySchema, returns=d.BrokerageCasePageSchema)
    give_consent = Rpc(takes=d.ConsentSchema, returns=d.BrokerageCaseSchema)
    add_case_review = Rpc(takes=d.ReviewSchema, returns=d.BrokerageCaseSchema)
    close_case = Rpc(takes=d.CaseCloseSchema, returns=d.BrokerageCaseSchema)
    cancel_case = Rpc(takes=d.CaseCancelSchema, returns=d.BrokerageCaseSchema)
    school_ledger = Rpc(takes=d.LedgerQuerySchema, returns=d.LedgerSchema)

    # people's data (contracts.privacy)
    export_person = Rpc(returns=privacy.PersonExportSchema)
    erase_person = Rpc(returns=privacy.ErasureSchema)
    get_erasure = Rpc(returns=privacy.ErasureSchema)
