"""The demo logins as the README lists them, restored at every ``directory seed-demo``: a run
that changed a demo account's password, roles, school or name (or left it locked out of sign-in
or with a pending reset code) is repaired the next time ``make run`` starts. Each change goes
through the same use cases as the API, so the other services hear of it (``person_updated``,
``role_assigned`` / ``role_removed``, ``sessions_revoked``) and older tokens end."""

from directory import accounts, approvers, people
from directory.domain import normalise_email
from directory.passwords import hash_password, verify_password
from directory.storage import Person, School, raw


def restore(email: str, name: str, urn: int | None, roles: list[str], password: str) -> str:
    """The demo login ``email`` exactly as given (created when missing); returns its id."""
    person = Person.objects(email=normalise_email(email)).first()
    if person is None:
        data = {"email": email, "name": name, "school_urn": urn, "roles": roles}
        return people.register_person({**data, "password": password}).id
    people.update_person(person.id, {"name": name, "school_urn": urn})
    held = set(Person.objects(id=person.id).only("roles").first().roles or [])
    for role in sorted(set(roles) - held):
        people.assign_role(person.id, {"role": role, "assigned": True})
    for role in sorted(held - set(roles)):
        people.assign_role(person.id, {"role": role, "assigned": False})
    _restore_password(person.id, password)
    accounts.clear_account(email)
    return person.id


def _restore_password(person_id: str, password: str) -> None:
    """The demo password again (ending older tokens) when another was set; a pending reset code
    is dropped either way."""
    stored = raw(Person).find_one({"_id": person_id}, {"password_hash": 1}) or {}
    unset = {"reset_token_hash": None, "reset_expires_at": None, "reset_requested_at": None}
    if verify_password(stored.get("password_hash"), password):
        raw(Person).update_one({"_id": person_id}, {"$set": unset})
        return
    update = {"$set": {"password_hash": hash_password(password), **unset}}
    update["$inc"] = {"calendar_key": 1}
    raw(Person).update_one({"_id": person_id}, accounts.revoking(update, person_id))


def restore_approver(person_id: str, urn: int) -> None:
    """The demo headteacher is their school's designated approver again."""
    school = School.objects(urn=urn).only("approver_person_id").first()
    if school is not None and school.approver_person_id != person_id:
        approvers.set_school_approver(urn, person_id)
