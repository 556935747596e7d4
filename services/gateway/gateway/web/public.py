"""Public pages: the home page, constitution, FAQ, member schools, the public course calendar
and the accessibility statement (no sign-in)."""

from datetime import UTC, datetime

from flask import Blueprint

from contracts import directory as d
from contracts import events as e
from gateway.rpc import call
from gateway.web.pages import register_errors, render

blp = Blueprint("public", __name__)
register_errors(blp)


@blp.get("/")
def home():
    """The partnership's public home page."""
    return render("web/public/home.html")


@blp.get("/constitution")
def constitution():
    return render("web/public/constitution.html")


@blp.get("/faq")
def faq():
    return render("web/public/faq.html")


@blp.get("/member-schools")
def member_schools():
    """The member schools (directory ``list_schools``: public GIAS facts)."""
    page = call(d.SERVICE, "list_schools", {"per_page": 200})
    schools = sorted(page["items"], key=lambda school: school.get("name", ""))
    return render("web/public/schools.html", schools=schools, total=page["total"])


@blp.get("/courses")
def courses():
    """The public course calendar: what is coming up (events ``list_events``)."""
    query = {"from": datetime.now(UTC).isoformat(), "per_page": 50}
    page = call(e.SERVICE, "list_events", query)
    return render("web/public/courses.html", events=page["items"])


@blp.get("/accessibility")
def accessibility():
    return render("web/public/accessibility.html")
