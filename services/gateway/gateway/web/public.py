"""Public pages (no sign-in): the home page, about, constitution and FAQ (the coordinator edits
them: community ``get_site_page``), the member schools and each school's public page (its
public GIAS facts and showcase, with photos), the course calendar of courses open to booking
and the accessibility statement. Nothing private: see ``public_views``."""

from datetime import UTC, datetime

from flask import Blueprint, abort

from contracts.clients.community import CommunityClient
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from gateway.api.site import photo_response
from gateway.rpc import ServiceUnavailable, call, call_all
from gateway.web.pages import register_errors, render
from gateway.web.public_views import open_courses, public_school

blp = Blueprint("public", __name__)
register_errors(blp)


def _site_page(slug: str):
    page = call(CommunityClient.get_site_page, slug)
    return render("web/public/site_page.html", page=page, slug=slug)


@blp.get("/")
def home():
    """The partnership's public home page: the coordinator's introduction and the way in (the
    way in even while the community service is away)."""
    try:
        page = call(CommunityClient.get_site_page, "home")
    except ServiceUnavailable:
        page = None
    return render("web/public/home.html", page=page)


@blp.get("/about")
def about():
    return _site_page("about")


@blp.get("/constitution")
def constitution():
    return _site_page("constitution")


@blp.get("/faq")
def faq():
    return _site_page("faq")


def _schools() -> list[dict]:
    """The member schools (directory ``list_schools``), public facts only, by name."""
    page = call(DirectoryClient.list_schools, {"per_page": 200})
    schools = [public_school(school) for school in page["items"]]
    return sorted(schools, key=lambda school: school.get("name") or "")


@blp.get("/member-schools")
def member_schools():
    schools = _schools()
    return render("web/public/schools.html", schools=schools, total=len(schools))


@blp.get("/member-schools/<int(max=999999999):urn>")
def school(urn: int):
    """A member school's public page: its GIAS facts and its published showcase entries."""
    page, showcase = call_all(
        (DirectoryClient.list_schools, {"per_page": 200}), (CommunityClient.list_showcase, urn)
    )
    found = next((s for s in page["items"] if s.get("urn") == urn), None)
    if found is None:
        abort(404)
    return render("web/public/school.html", school=public_school(found), entries=showcase["items"])


@blp.get("/member-schools/<int(max=999999999):urn>/photos/<entry_id>/<photo_id>")
def photo(urn: int, entry_id: str, photo_id: str):
    """A photo of a published showcase entry (community ``get_showcase_photo``)."""
    if len(entry_id) > 64 or len(photo_id) > 64:
        abort(404)
    found = call(CommunityClient.get_showcase_photo, entry_id, photo_id)
    if found["school_urn"] != urn:
        abort(404)
    return photo_response(found)


@blp.get("/courses")
def courses():
    """The public course calendar: courses open to booking (events ``list_events``)."""
    now = datetime.now(UTC)
    page = call(EventsClient.list_events, {"from": now.isoformat(), "per_page": 200})
    return render("web/public/courses.html", courses=open_courses(page["items"], now))


@blp.get("/accessibility")
def accessibility():
    return render("web/public/accessibility.html")
