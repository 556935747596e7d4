"""The coordinator's strategic group pages: every group with its chair and secretary and their
terms; a group's members and offices, naming a chair or secretary for a term, adding a member
and setting its phases (directory ``list_groups``, ``get_group``, ``find_role_holders``,
``list_people``, ``list_schools``, ``assign_group_office``, ``set_group_membership``,
``update_group``). The directory decides who may; a fixed number of calls a page."""

from flask import flash, redirect, url_for

from contracts.clients.directory import DirectoryClient
from contracts.errors import Conflict, Forbidden, InvalidInput
from gateway.rpc import call
from gateway.web.form_parts import choices
from gateway.web.forms import ActionForm
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.manage_admin_forms import OFFICE_NAMES, GroupEditForm, MemberForm, OfficeForm
from gateway.web.names import school_names
from gateway.web.pages import render
from gateway.web.session import signed_in

REFUSED = (InvalidInput, Conflict, Forbidden)


@blp.get("/groups")
@signed_in
def groups():
    """Every strategic group with its current chair and secretary (one ``list_groups``)."""
    found = call(DirectoryClient.list_groups)
    return render("web/manage/groups.html", groups=found["items"])


def _people() -> list[dict]:
    """The people to choose from, by name (one ``list_people``, at most 200)."""
    return call(DirectoryClient.list_people, {"per_page": 200})["items"]


def _person_choices(people: list[dict], schools: dict) -> list:
    def label(person: dict) -> str:
        school = schools.get(person.get("school_urn"))
        return f"{person['name']} ({school})" if school else person["name"]

    return choices([("", "Choose a person"), *((p["id"], label(p)) for p in people)])


def _group_page(group_id: str, status: int = 200, office=None, member=None, edit=None):
    """A group's page with its three forms; ``form`` is the one that failed, for the summary."""
    group = call(DirectoryClient.get_group, group_id)
    members = call(DirectoryClient.find_role_holders, {"role": "member", "group_id": group_id})
    people = _people()
    schools = school_names(p.get("school_urn") for p in [*people, *members["items"]])
    office = OfficeForm(formdata=None) if office is None else office
    member = MemberForm(formdata=None) if member is None else member
    if edit is None:
        edit = GroupEditForm(formdata=None, data={"phases": group.get("phases") or []})
    options = _person_choices(people, schools)
    office.person_id.choices = options
    member.member_id.choices = options
    failed = next((f for f in (office, member, edit) if f.errors), None)
    offices = sorted(group.get("offices") or [], key=lambda t: str(t["starts_on"]), reverse=True)
    holders = {
        (o, *(map((group.get(o) or {}).get, ("person_id", "starts_on")))) for o in OFFICE_NAMES
    }
    for term in offices:
        term["today"] = (term.get("office"), term["person_id"], term["starts_on"]) in holders
    return render(
        "web/manage/group.html",
        status,
        group=group,
        members=sorted(members["items"], key=lambda p: p["name"]),
        schools=schools,
        offices=offices,
        office_names=OFFICE_NAMES,
        office_form=office,
        member_form=member,
        edit_form=edit,
        remove_form=ActionForm(formdata=None),
        form=failed,
    )


@blp.get("/groups/<group_id>")
@signed_in
def group(group_id: str):
    check_id(group_id)
    return _group_page(group_id)


def _choose_from_people(field) -> None:
    """The person select checks its answer against the people, as on the page (one call)."""
    field.choices = _person_choices(_people(), {})


def attempt(form, send, fallback: str) -> tuple[int | None, object]:
    """Validate ``form`` and ``send()`` it: (None, its answer) when done; otherwise the page's
    status (400, or 403 when the service refused) with the problem by the field it names."""
    if not form.validate():
        return 400, None
    try:
        return None, send()
    except REFUSED as err:
        service_problem(form, err, fallback)
        return (403 if isinstance(err, Forbidden) else 400), None


def chosen_label(field) -> str:
    return next(c.label for c in field.choices if c.value == field.data)


def _to_group(group_id: str, message: str):
    flash(message, "success")
    return redirect(url_for("manage.group", group_id=group_id))


@blp.post("/groups/<group_id>/offices")
@signed_in
def name_officer(group_id: str):
    """Name a chair or secretary for a term; the holder of a running term hands over."""
    check_id(group_id)
    form = OfficeForm()
    _choose_from_people(form.person_id)
    status, _ = attempt(
        form,
        lambda: call(DirectoryClient.assign_group_office, group_id, form.payload()),
        "The office could not be saved",
    )
    if status is None:
        office = OFFICE_NAMES[form.office.data].lower()
        return _to_group(group_id, f"{chosen_label(form.person_id)} is named {office}.")
    return _group_page(group_id, status, office=form)


@blp.post("/groups/<group_id>/members")
@signed_in
def add_member(group_id: str):
    check_id(group_id)
    form = MemberForm()
    _choose_from_people(form.member_id)
    membership = {"person_id": form.member_id.data, "member": True}
    status, _ = attempt(
        form,
        lambda: call(DirectoryClient.set_group_membership, group_id, membership),
        "The member could not be added",
    )
    if status is None:
        return _to_group(group_id, f"{chosen_label(form.member_id)} is a member of the group.")
    return _group_page(group_id, status, member=form)


@blp.post("/groups/<group_id>/members/<person_id>/remove")
@signed_in
def remove_member(group_id: str, person_id: str):
    """Take a member off the group (their offices' terms stay as they were)."""
    check_id(group_id)
    check_id(person_id)
    if ActionForm().validate():
        try:
            call(
                DirectoryClient.set_group_membership,
                group_id,
                {"person_id": person_id, "member": False},
            )
        except REFUSED as err:
            flash(err.message or "They could not be removed from the group.", "error")
        else:
            flash("They are no longer a member of the group.", "success")
    return redirect(url_for("manage.group", group_id=group_id))


@blp.post("/groups/<group_id>/edit")
@signed_in
def edit_group(group_id: str):
    check_id(group_id)
    form = GroupEditForm()
    status, _ = attempt(
        form,
        lambda: call(
            DirectoryClient.update_group, group_id, {"phases": list(form.phases.data or [])}
        ),
        "The group could not be saved",
    )
    if status is None:
        return _to_group(group_id, "The group's phases are saved.")
    return _group_page(group_id, status, edit=form)
