"""Who may do what to which record in the directory: the one place its permissions are decided.

Plain Python over ``contracts.caller.Caller`` and records given as dicts (or objects with the
same attributes). ``check_*`` functions raise ``Forbidden`` (``deny``) or, for an anonymous
caller, ``Unauthorized``; ``may_*`` functions answer scoped reads. The service calls them from
every RPC that reveals or changes data, whoever sent the call.

Roles: the partnership roles (coordinator, LA officer) act across every school. A school's
administrator and its headteacher manage the school-managed staff roles of their own school's
people (``SCHOOL_MANAGED_ROLES``); headteacher, deputy_head, coordinator and la_officer come only
from the partnership roles. Nobody changes their own roles. A service caller may look things up
(people, schools, groups, offers), nothing else.

The package: ``base`` (who the caller is, reading, schools, people and roles, strategic groups,
accounts) and ``support`` (support areas and offers, support requests, brokerage cases); every
name is here, as ``permissions.check_...``.
"""

from directory.permissions.base import (
    APPROVER_ROLES,
    COORDINATOR,
    HEADTEACHER,
    LA_OFFICER,
    REQUESTERS,
    SCHOOL_LEADERS,
    SCHOOL_MANAGED_ROLES,
    STAFF_MANAGERS,
    VERIFICATION_FIELDS,
    Record,
    check_is_service,
    check_may_act_on_own_account,
    check_may_assign_role,
    check_may_create_school,
    check_may_edit_ofsted,
    check_may_manage_groups,
    check_may_read,
    check_may_read_ledger,
    check_may_register,
    check_may_select_moderation,
    check_may_set_approver,
    check_may_set_membership,
    check_may_update_person,
    check_may_update_school,
    is_eligible_approver,
    may_see_contact,
    may_see_school_notes,
)
from directory.permissions.support import (
    case_school_scope,
    check_may_add_area,
    check_may_broker,
    check_may_consent,
    check_may_create_offer,
    check_may_manage_offer,
    check_may_remind_verification,
    check_may_request_support,
    check_may_review_case,
    check_may_see_case,
    check_may_see_request,
    check_may_suggest,
    check_may_verify_offer,
    check_verification_fields,
    may_see_case,
    may_see_request,
    may_verify_offer,
    offer_person_default,
    request_school_scope,
)

__all__ = [
    "APPROVER_ROLES",
    "COORDINATOR",
    "HEADTEACHER",
    "LA_OFFICER",
    "REQUESTERS",
    "Record",
    "SCHOOL_LEADERS",
    "SCHOOL_MANAGED_ROLES",
    "STAFF_MANAGERS",
    "VERIFICATION_FIELDS",
    "case_school_scope",
    "check_is_service",
    "check_may_act_on_own_account",
    "check_may_add_area",
    "check_may_assign_role",
    "check_may_broker",
    "check_may_consent",
    "check_may_create_offer",
    "check_may_create_school",
    "check_may_edit_ofsted",
    "check_may_manage_groups",
    "check_may_manage_offer",
    "check_may_read",
    "check_may_read_ledger",
    "check_may_register",
    "check_may_remind_verification",
    "check_may_request_support",
    "check_may_review_case",
    "check_may_see_case",
    "check_may_see_request",
    "check_may_select_moderation",
    "check_may_set_approver",
    "check_may_set_membership",
    "check_may_suggest",
    "check_may_update_person",
    "check_may_update_school",
    "check_may_verify_offer",
    "check_verification_fields",
    "is_eligible_approver",
    "may_see_case",
    "may_see_contact",
    "may_see_request",
    "may_see_school_notes",
    "may_verify_offer",
    "offer_person_default",
    "request_school_scope",
]
