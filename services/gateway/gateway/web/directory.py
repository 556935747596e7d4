"""The school and people directory: directory ``list_schools``, ``get_school``,
``list_clusters``, ``list_people`` and ``get_person`` (the same RPCs as the API). A bounded number
of calls per page whatever the number of rows: a page of schools is one ``list_schools``."""

from urllib.parse import urlencode

from flask import Blueprint, abort, request, url_for
from wtforms.fields.choices import SelectChoice

from contracts.clients.base import Rpc
from contracts.clients.directory import DirectoryClient
from gateway.clusters import cluster_page
from gateway.rpc import call
from gateway.web.directory_forms import PeopleSearchForm, SchoolSearchForm, role_name
from gateway.web.pages import register_errors, render
from gateway.web.reference import call_all
from gateway.web.session import signed_in

blp = Blueprint("directory_pages", __name__)
register_errors(blp)
blp.add_app_template_filter(role_name, "role_name")

PER_PAGE = 20
REPORT_CARD_AREA_NAMES = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and well-being",
    "leadership_and_governance": "Leadership and governance",
}
REPORT_CARD_GRADE_NAMES = {
    "urgent_improvement": "Urgent improvement",
    "needs_attention": "Needs attention",
    "expected_standard": "Expected standard",
    "strong_standard": "Strong standard",
    "exceptional": "Exceptional",
}


def page_number() -> int:
    """The ``page`` of the query string: a whole number from 1 (anything else is page 1)."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 100_000 else 1


def pagination(endpoint: str, page: int, total: int, per_page: int = PER_PAGE, **values) -> dict:
    """'Showing 1 to 20 of N' and the previous and next links, keeping the other filters."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]

    def link(number: int) -> str:
        query = urlencode([*kept, ("page", str(number))])
        return f"{url_for(endpoint, **values)}?{query}"

    first = (page - 1) * per_page + 1 if total else 0
    return {
        "first": first,
        "last": min(page * per_page, total),
        "total": total,
        "previous": {"href": link(page - 1)} if page > 1 else None,
        "next": {"href": link(page + 1)} if page * per_page < total else None,
    }


def search_page(
    form, rpc: Rpc, names: tuple[str, ...], page: int, lookups=(), choose=None, pending=()
):
    """One page of a directory search from a search form's filled-in fields, sent together
    with ``lookups`` (the calls the ``pending`` fields' choices come from; ``choose(form,
    *answers)`` sets them), so the page waits for the slowest call, not their sum. Returns the
    lookups' answers, the page found and the status: 400 and nothing found when the query
    string does not validate (nothing is searched for when a field other than the pending ones
    is wrong; a search sent with a pending field's bad value is not used)."""
    if request.args and problems_before_choices(form, pending):
        answers = call_all(*lookups) if lookups else []
        if choose is not None:
            choose(form, *answers)
        form.validate()
        return answers, {"items": [], "total": 0}, 400
    query = {"page": page, "per_page": PER_PAGE}
    for name in names:
        value = getattr(form, name).data
        value = value.strip() if isinstance(value, str) else ""
        if value:
            query[name] = value
    *answers, found = call_all(*lookups, (rpc, query), keep_errors=True)
    for answer in answers:
        if isinstance(answer, Exception):
            raise answer
    if choose is not None:
        choose(form, *answers)
    if request.args and not form.validate():
        return answers, {"items": [], "total": 0}, 400
    if isinstance(found, Exception):
        raise found
    return answers, found, 200


def problems_before_choices(form, pending: tuple[str, ...]) -> bool:
    """Whether the form has problems besides the ``pending`` drop-downs (whose choices are not
    yet asked for): then nothing is searched for, only the choices are asked for."""
    form.validate()
    return any(name not in pending for name in form.errors)


CLUSTERS = (DirectoryClient.list_clusters,)


def cluster_names(answer: dict | None = None) -> dict:
    """Each cluster's id and name (``list_clusters``, remembered for a few seconds, or its
    ``answer`` already had)."""
    answer = call_all(CLUSTERS)[0] if answer is None else answer
    return {c["id"]: c.get("name") or c["id"] for c in answer["items"]}


def cluster_choices(names: dict) -> list:
    return [
        SelectChoice("", "Any cluster"),
        *(SelectChoice(key, name) for key, name in names.items()),
    ]


@blp.get("/schools")
@signed_in
def schools():
    """The school directory: name, phase, type and cluster in the query string, a page at a
    time (one ``list_schools`` for the page, one ``list_clusters`` for the filter)."""
    form = SchoolSearchForm(request.args)
    page = page_number()

    def choose(form, clusters):
        form.cluster.choices = cluster_choices(cluster_names(clusters))

    (clusters,), found, status = search_page(
        form,
        DirectoryClient.list_schools,
        ("q", "phase", "type", "cluster"),
        page,
        [CLUSTERS],
        choose,
        ("cluster",),
    )
    clusters = cluster_names(clusters)
    return render(
        "web/directory/schools.html",
        status,
        form=form,
        schools=found["items"],
        clusters=clusters,
        paging=pagination("directory_pages.schools", page, found["total"]),
    )


@blp.get("/schools/<int(max=999999999):urn>")
@signed_in
def school(urn: int):
    """A school: GIAS facts, cluster, Ofsted grades and its staff (one ``list_people``)."""
    found = call(DirectoryClient.get_school, urn)
    staff = call(DirectoryClient.list_people, {"school_urn": urn, "per_page": 200})
    return render(
        "web/directory/school.html",
        school=found,
        staff=staff["items"],
        staff_total=staff["total"],
        clusters=cluster_names(),
        area_names=REPORT_CARD_AREA_NAMES,
        grade_names=REPORT_CARD_GRADE_NAMES,
    )


@blp.get("/clusters/<cluster_id>")
@signed_in
def cluster(cluster_id: str):
    """A cluster: its member schools with phases and Ofsted grades, and its next meetings (the
    API's ``GET /clusters/{id}``: ``get_cluster`` and ``list_events`` sent together)."""
    found = cluster_page(cluster_id)
    names = {school["urn"]: school["name"] for school in found["schools"]}
    return render("web/directory/cluster.html", cluster=found, school_names=names)


def _school_for(name: str, form: PeopleSearchForm) -> dict | None:
    """The one school a typed name means (one ``list_schools``), or a problem on the form."""
    matches = call(DirectoryClient.list_schools, {"q": name, "per_page": 10})["items"]
    exact = [s for s in matches if s["name"].casefold() == name.casefold()]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    message = (
        "No school has that name: check the spelling"
        if not matches
        else "More than one school matches: enter more of the school's name"
    )
    form.school.errors = [*form.school.errors, message]
    return None


@blp.get("/people")
@signed_in
def people():
    """People by name, school and role, a page at a time (one ``list_people``; one
    ``list_schools`` when a school is named)."""
    form = PeopleSearchForm(request.args)
    page = page_number()
    found, status, chosen = {"items": [], "total": 0}, 200, None
    valid = form.validate() if request.args else True
    school_name = (form.school.data or "").strip()
    if valid and school_name:
        chosen = _school_for(school_name, form)
        valid = chosen is not None
    if not valid:
        status = 400
    else:
        query = {"page": page, "per_page": PER_PAGE}
        if (form.q.data or "").strip():
            query["q"] = form.q.data.strip()
        if form.role.data:
            query["role"] = form.role.data
        if chosen is not None:
            query["school_urn"] = chosen["urn"]
        found = call(DirectoryClient.list_people, query)
    return render(
        "web/directory/people.html",
        status,
        form=form,
        people=found["items"],
        school=chosen,
        paging=pagination("directory_pages.people", page, found["total"]),
    )


@blp.get("/people/<person_id>")
@signed_in
def person(person_id: str):
    """One person: roles, job title, subjects, year groups, school (email where given)."""
    if len(person_id) > 64:
        abort(404)
    found = call(DirectoryClient.get_person, person_id)
    school = None
    if found.get("school_urn") is not None:
        school = call(DirectoryClient.get_school, found["school_urn"])
    return render("web/directory/person.html", person=found, school=school)


def register(app) -> None:
    """The pages for everyone: this directory, the support directory and the inbox."""
    from gateway.web import inbox, support

    for module_blp in (blp, support.blp, inbox.blp):
        app.register_blueprint(module_blp)
