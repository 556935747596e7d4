"""A person's data: the "Your data" page (``/people/{id}/data``) with the download of everything
the services hold about them (the person themself or the coordinator; the same archive as
``GET /api/v1/people/{id}/export``), and for the coordinator the erasure: ask for it (a form
with its CSRF token) and see each service's part done or not (directory ``erase_person``,
``get_erasure``)."""

from flask import Blueprint, abort, flash, g, redirect, url_for

from contracts.clients.directory import DirectoryClient
from contracts.errors import NotFound
from contracts.privacy import may_erase, may_use_own_data
from gateway.api.privacy import export_archive
from gateway.rpc import call
from gateway.web.forms import ActionForm
from gateway.web.pages import register_errors, render, uk_datetime
from gateway.web.session import signed_in

blp = Blueprint("privacy_pages", __name__)
register_errors(blp)
SERVICE_NAMES = {
    "directory": "Directory (people, schools, support)",
    "events": "Events and bookings",
    "notifications": "Inbox and email",
    "community": "Sharing practice",
}


def _person_or_404(person_id: str) -> dict:
    if len(person_id) > 64 or not may_use_own_data(g.caller, person_id):
        abort(404)
    return call(DirectoryClient.get_person, person_id)


def erasure_rows(erasure: dict | None) -> list[dict]:
    """Each service's part of an erasure as summary-list rows (pure)."""
    return [
        {
            "key": {"text": SERVICE_NAMES.get(name, name)},
            "value": {"text": f"Done {uk_datetime(done_at)}" if done_at else "Not yet"},
        }
        for name, done_at in ((erasure or {}).get("services") or {}).items()
    ]


def _erasure(person_id: str) -> dict | None:
    if not may_erase(g.caller):
        return None
    try:
        return call(DirectoryClient.get_erasure, person_id)
    except NotFound:
        return None


@blp.get("/people/<person_id>/data")
@signed_in
def your_data(person_id: str):
    """The download link, and for the coordinator the erasure and how it goes."""
    person = _person_or_404(person_id)
    erasure = _erasure(person_id)
    return render(
        "web/privacy/data.html",
        person=person,
        own=person_id == g.caller.id,
        may_erase=may_erase(g.caller) and person_id != g.caller.id,
        erasure=erasure,
        erasure_rows=erasure_rows(erasure),
        form=ActionForm(),
    )


@blp.get("/people/<person_id>/data/download")
@signed_in
def download(person_id: str):
    """The zip archive, as an attachment."""
    if len(person_id) > 64 or not may_use_own_data(g.caller, person_id):
        abort(404)
    return export_archive(person_id)


@blp.post("/people/<person_id>/data/erase")
@signed_in
def erase(person_id: str):
    """The coordinator erases the person (confirmed on the page before)."""
    if len(person_id) > 64 or not may_erase(g.caller):
        abort(404)
    call(DirectoryClient.erase_person, person_id)
    flash("Erasure requested. Each service's part is shown below as it finishes.", "success")
    return redirect(url_for("privacy_pages.your_data", person_id=person_id))
