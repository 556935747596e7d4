"""My inbox and notification preferences: notifications ``list_inbox``, ``mark_read``,
``mark_all_read``, ``get_preferences``, ``set_preferences`` and ``unread_count`` (the same RPCs
as the API; the service acts for the caller only).

``/inbox/unread-count.json`` is for the pages' script (``static/hub-unread.js``), which keeps the
unread count fresh: the API takes bearer tokens only, this takes the page's session. It waits
like the API's long poll (``gateway.inbox_feed``) for an entry newer than ``after``."""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, g, jsonify, redirect, request, url_for
from marshmallow import ValidationError

from contracts import notifications as n
from contracts.clients.notifications import NotificationsClient
from contracts.errors import InvalidInput, NotFound
from gateway.inbox_feed import inbox_page
from gateway.rpc import call
from gateway.web.directory import page_number, pagination
from gateway.web.directory_forms import CATEGORY_NAMES, preferences_form
from gateway.web.forms import ActionForm
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("inbox_pages", __name__)
register_errors(blp)

PER_PAGE = 20
# notifications about a sharing-practice post, whose ``ref`` is the post's id
POST_KINDS = {"post_published", "feedback_published", "post_hidden", "comment_hidden"}


def _inbox(unread: bool, page: int) -> dict:
    query = {"unread": unread, "page": page, "per_page": PER_PAGE}
    found = call(NotificationsClient.list_inbox, g.caller.id, n.InboxQuerySchema().dump(query))
    for item in found["items"]:
        if item.get("kind") in POST_KINDS and item.get("ref"):
            item["link"] = url_for("community_posts.post", post_id=item["ref"])
    return found


@blp.get("/inbox")
@signed_in
def inbox():
    """Unread first (every unread entry, up to a page), then the read ones a page at a time:
    two ``list_inbox`` calls whatever the number of entries."""
    page = page_number()
    unread = _inbox(True, 1) if page == 1 else {"items": [], "total": None}
    read = _inbox(False, page)
    return render(
        "web/inbox/inbox.html",
        unread=unread["items"],
        unread_total=unread["total"],
        read=read["items"],
        action_form=ActionForm(),
        paging=pagination("inbox_pages.inbox", page, read["total"], PER_PAGE),
    )


@blp.post("/inbox/read-all")
@signed_in
def read_all():
    marked = call(NotificationsClient.mark_all_read, g.caller.id)["marked"]
    flash(
        "Nothing was unread."
        if not marked
        else f"{marked} notification{'s' if marked != 1 else ''} marked as read.",
        "success",
    )
    return redirect(url_for("inbox_pages.inbox"))


@blp.post("/inbox/<notification_id>/read")
@signed_in
def read_one(notification_id: str):
    if len(notification_id) > 64:
        abort(404)
    try:
        call(NotificationsClient.mark_read, g.caller.id, notification_id)
    except (NotFound, InvalidInput):
        flash("That notification is not in your inbox.", "error")
    else:
        flash("Marked as read.", "success")
    return redirect(url_for("inbox_pages.inbox"))


@blp.route("/inbox/preferences", methods=["GET", "POST"])
@signed_in
def preferences():
    """How I hear about each kind of notification by email: straight away, daily, weekly or
    not at all (``set_preferences``; the inbox keeps every entry)."""
    current = call(NotificationsClient.get_preferences, g.caller.id)["categories"]
    form = preferences_form(current)()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render(
            "web/inbox/preferences.html",
            status,
            form=form,
            categories=n.ALL_CATEGORIES,
            names=CATEGORY_NAMES,
        )
    chosen = {c: {"email": getattr(form, c).data} for c in n.ALL_CATEGORIES}
    payload = n.PreferencesSchema().dump({"categories": chosen})
    call(NotificationsClient.set_preferences, g.caller.id, payload)
    flash("Your notification preferences are saved.", "success")
    return redirect(url_for("inbox_pages.preferences"))


@blp.get("/inbox/unread-count.json")
def unread_count():
    """``{"unread": n, "checked_at": time}``; with ``after`` (the last ``checked_at``) and
    ``wait`` (seconds, at most 2.5), answers when an entry newer than ``after`` arrives or the
    wait ends. 401 without a signed-in session (no redirect: a script asks)."""
    if g.get("caller") is None:
        return jsonify({"message": "Sign in first."}), 401
    try:
        query = n.InboxQuerySchema().load(
            {k: v for k, v in request.args.items() if k in ("after", "wait")}
        )
    except ValidationError as err:
        return jsonify({"message": "Bad query.", "fields": err.messages}), 400
    checked_at = datetime.now(UTC).isoformat()
    person_id = g.caller.id
    if query.get("after") is not None and query["wait"] > 0:

        def read(asked: dict) -> dict:
            return call(NotificationsClient.list_inbox, person_id, n.InboxQuerySchema().dump(asked))

        inbox_page(person_id, {**query, "unread": True, "page": 1, "per_page": 1}, read)
    unread = call(NotificationsClient.unread_count, person_id)["unread"]
    response = jsonify({"unread": unread, "checked_at": checked_at})
    response.headers["Cache-Control"] = "no-store"
    return response
