"""The coordinator's people pages: search people by name and school, a person's roles with a
form to grant or remove one, and adding a person (directory ``list_people``, ``list_schools``,
``get_person``, ``get_school``, ``assign_role``, ``register_person``). The directory decides who
may grant what: its refusal is shown by the field, never a 500."""

from flask import flash, redirect, request, url_for

from contracts.clients.directory import DirectoryClient
from gateway.rpc import call
from gateway.web.directory import _school_for, page_number, pagination
from gateway.web.directory_forms import PeopleSearchForm, role_name
from gateway.web.form_parts import choices
from gateway.web.manage import blp, check_id
from gateway.web.manage_admin_forms import OFFICE_NAMES, PersonForm, RoleForm
from gateway.web.manage_groups import attempt
from gateway.web.names import school_names, school_options
from gateway.web.pages import render
from gateway.web.session import signed_in

PER_PAGE = 20


def find_people(form: PeopleSearchForm, page: int) -> tuple[dict, dict | None, int]:
    """A page of people for a people search form (one ``list_people``; one ``list_schools``
    when a school is named), the school it names, and the page's status (400 on a problem)."""
    query = {"page": page, "per_page": PER_PAGE}
    if request.args and not form.validate():
        return {"items": [], "total": 0}, None, 400
    words = {name: (form[name].data or "").strip() for name in ("q", "role", "school")}
    school = _school_for(words["school"], form) if words["school"] else None
    if words["school"] and school is None:
        return {"items": [], "total": 0}, None, 400
    query.update({k: v for k, v in words.items() if v and k != "school"})
    if school is not None:
        query["school_urn"] = school["urn"]
    return call(DirectoryClient.list_people, query), school, 200


@blp.get("/people")
@signed_in
def people():
    """People by name, school and role, a page at a time, with their schools' names (one
    ``list_schools`` for the names besides the search)."""
    form = PeopleSearchForm(request.args)
    page = page_number()
    found, school, status = find_people(form, page)
    return render(
        "web/manage/people.html",
        status,
        form=form,
        people=found["items"],
        school=school,
        schools=school_names(p.get("school_urn") for p in found["items"]),
        paging=pagination("manage.people", page, found["total"], PER_PAGE),
    )


def _person_page(person_id: str, form: RoleForm, status: int = 200):
    found = call(DirectoryClient.get_person, person_id)
    school = None
    if found.get("school_urn") is not None:
        school = call(DirectoryClient.get_school, found["school_urn"])
    groups = [
        group_role(g, person_id)
        for g in call(DirectoryClient.list_groups)["items"]
        if person_id in g.get("members", [])
    ]
    return render(
        "web/manage/person.html",
        status,
        person=found,
        school=school,
        groups=groups,
        form=form,
        role_form=form,
    )


def group_role(group: dict, person_id: str) -> str:
    """'Achievement (chair)', or just the group's name for a member."""
    held = [o for o in OFFICE_NAMES if (group.get(o) or {}).get("person_id") == person_id]
    return f"{group['name']} ({', '.join(held)})" if held else group["name"]


@blp.get("/people/<person_id>")
@signed_in
def person(person_id: str):
    """A person's school and roles, with the form to grant or remove a role."""
    check_id(person_id)
    return _person_page(person_id, RoleForm(formdata=None))


@blp.post("/people/<person_id>/roles")
@signed_in
def change_role(person_id: str):
    check_id(person_id)
    form = RoleForm()
    status, _ = attempt(
        form,
        lambda: call(DirectoryClient.assign_role, person_id, form.payload()),
        "The role could not be changed",
    )
    if status is None:
        done = "granted" if form.change.data == "grant" else "removed"
        flash(
            f"{role_name(form.role.data)} is {done}. They sign in again to use their roles.",
            "success",
        )
        return redirect(url_for("manage.person", person_id=person_id))
    return _person_page(person_id, form, status)


@blp.route("/people/new", methods=["GET", "POST"])
@signed_in
def new_person():
    """Add a person; they choose a password with the forgotten-password link."""
    form, status = PersonForm(), 200
    schools = school_options()
    form.school_urn.choices = choices(
        [("", "Not at a school"), *((str(u), n) for u, n in sorted(schools.items(), key=_by_name))]
    )
    if form.is_submitted():
        status, created = attempt(
            form,
            lambda: call(DirectoryClient.register_person, form.payload()),
            "The person could not be added",
        )
        if status is None:
            flash(
                f"{created['name']} is added. They set a password with the forgotten "
                "password link on the sign-in page.",
                "success",
            )
            return redirect(url_for("manage.person", person_id=created["id"]))
    return render("web/manage/person_form.html", status, form=form)


def _by_name(pair) -> str:
    return pair[1]
