"""notifications.permissions: every rule, with the callers it lets act and the ones it refuses."""

import pytest

from contracts.caller import Caller, load_caller
from contracts.errors import Forbidden, Unauthorized
from notifications import permissions

ANONYMOUS = load_caller(None)
TEACHER = Caller(id="p-teacher", roles=("teacher",), school_urn=900001)
HEAD = Caller(id="p-head", roles=("headteacher",), school_urn=900001)
ADMIN = Caller(id="p-admin", roles=("school_admin",), school_urn=900001)
COORDINATOR = Caller(id="p-coordinator", roles=("coordinator",))
LA_OFFICER = Caller(id="p-la", roles=("la_officer",))
NO_ROLES = Caller(id="p-nobody")
DIRECTORY = Caller.service("directory")
EVENTS = Caller.service("events")
NOTIFICATIONS = Caller.service("notifications")
# a person whose id looks like a service's, without the service role: still a person
IMPOSTOR = Caller(id="service:directory", roles=("coordinator",))

ALLOWED, FORBIDDEN, UNAUTHORIZED = "allowed", Forbidden, Unauthorized


def outcome(check, *args):
    try:
        check(*args)
    except (Forbidden, Unauthorized) as exc:
        return type(exc)
    return ALLOWED


INBOX = [  # (caller, whose inbox, expected)
    (TEACHER, "p-teacher", ALLOWED),
    (COORDINATOR, "p-coordinator", ALLOWED),
    (NO_ROLES, "p-nobody", ALLOWED),
    (TEACHER, "p-head", FORBIDDEN),
    (HEAD, "p-teacher", FORBIDDEN),  # their own staff's inbox: still not theirs
    (ADMIN, "p-teacher", FORBIDDEN),
    (COORDINATOR, "p-teacher", FORBIDDEN),
    (LA_OFFICER, "p-teacher", FORBIDDEN),
    (TEACHER, "", FORBIDDEN),
    (TEACHER, None, FORBIDDEN),
    (DIRECTORY, "p-teacher", FORBIDDEN),  # no service reads an inbox
    (NOTIFICATIONS, "service:notifications", FORBIDDEN),
    (ANONYMOUS, "p-teacher", UNAUTHORIZED),
    (ANONYMOUS, "", UNAUTHORIZED),
]


@pytest.mark.parametrize(("caller", "person_id", "expected"), INBOX)
def test_an_inbox_and_its_preferences_are_their_person_s_alone(caller, person_id, expected):
    assert outcome(permissions.check_may_use_inbox, caller, person_id) == expected


DELIVERIES = [
    (COORDINATOR, ALLOWED),
    (LA_OFFICER, FORBIDDEN),
    (HEAD, FORBIDDEN),
    (ADMIN, FORBIDDEN),
    (TEACHER, FORBIDDEN),
    (NO_ROLES, FORBIDDEN),
    (DIRECTORY, FORBIDDEN),
    (NOTIFICATIONS, FORBIDDEN),
    (ANONYMOUS, UNAUTHORIZED),
]


@pytest.mark.parametrize(("caller", "expected"), DELIVERIES)
def test_delivery_records_are_the_coordinator_s(caller, expected):
    assert outcome(permissions.check_may_watch_deliveries, caller) == expected


RESETS = [
    (DIRECTORY, ALLOWED),
    (EVENTS, FORBIDDEN),
    (NOTIFICATIONS, FORBIDDEN),
    (IMPOSTOR, FORBIDDEN),
    (COORDINATOR, FORBIDDEN),
    (LA_OFFICER, FORBIDDEN),
    (HEAD, FORBIDDEN),
    (TEACHER, FORBIDDEN),
    (ANONYMOUS, UNAUTHORIZED),
]


@pytest.mark.parametrize(("caller", "expected"), RESETS)
def test_only_the_directory_sends_password_reset_codes(caller, expected):
    assert outcome(permissions.check_may_send_password_reset, caller) == expected


@pytest.mark.parametrize("caller", [ANONYMOUS, TEACHER, COORDINATOR, DIRECTORY])
def test_health_is_public(caller):
    assert outcome(permissions.check_may_see_health, caller) == ALLOWED


def test_a_service_name_in_a_wire_caller_without_the_service_role_is_a_person():
    wire = {"id": "service:directory", "roles": ["teacher"], "school_urn": None}
    assert outcome(permissions.check_may_send_password_reset, load_caller(wire)) == FORBIDDEN
    wire = {"id": "service:directory", "roles": ["service"], "school_urn": None}
    assert outcome(permissions.check_may_send_password_reset, load_caller(wire)) == ALLOWED


def test_the_policy_module_is_plain_python():
    source = open(permissions.__file__).read()
    for framework in ("nameko", "mongoengine", "pymongo"):
        assert f"import {framework}" not in source and f"from {framework}" not in source
