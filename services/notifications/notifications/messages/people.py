"""What the directory says to a person: welcome, a new role, a strategic group's office, and
the password-reset email (a command, not an event: its code never reaches the inbox)."""

from collections.abc import Callable

from notifications.messages.message import (
    Message,
    each,
    people,
)


def person_registered(p):
    name = p.get("name") or "there"
    body = f"Welcome to Partnership Hub, {name}. You can now book training and find support."
    return each(people(p.get("person_id")), "person_registered", "Welcome", body, p)


def role_assigned(p):
    role = (p.get("role") or "a role").replace("_", " ")
    body = f"You now hold the role of {role}."
    return each(people(p.get("person_id")), "role_assigned", f"New role: {role}", body, p)


def group_office_assigned(p):
    office = p.get("office") or "an officer"
    group = p.get("group_name") or "a strategic group"
    title = f"You are {office} of {group}"
    body = f"You hold the office of {office} of the {group} group from {p.get('starts_on')}."
    return each(people(p.get("person_id")), "group_office_assigned", title, body, p)


PASSWORD_RESET = "password_reset_requested"  # the kind: its templates, category, transactional


def password_reset(command: dict) -> Message:
    """The directory's ``send_password_reset`` command (``PasswordResetCommandSchema``) as a
    message to its person. The code goes into the email's context only (``reset_token``, dropped
    from the delivery record once sent, with the address the command gives); the inbox entry's
    title and body never carry it."""
    body = "Someone asked to reset your Partnership Hub password. If it was not you, ignore this."
    context = {
        "person_id": command["person_id"],
        "reset_token": command["code"],
        "expires_at": command["expires_at"],
        "address": {"email": command["email"], "name": command.get("name") or ""},
    }
    return Message(command["person_id"], PASSWORD_RESET, "Reset your password", body, context)


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "person_registered": person_registered,
    "role_assigned": role_assigned,
    "group_office_assigned": group_office_assigned,
}
