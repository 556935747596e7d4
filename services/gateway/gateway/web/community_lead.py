"""Leading a strategic group's space (its chair or secretary, or the coordinator): pinning a
post first in the space, and publishing the half-termly feedback to heads (community
``pin_post``, ``unpin_post``, ``publish_feedback``; ``get_space`` says who may). The
community's ``permissions`` decides; a refusal is the 403 page."""

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, request, url_for

from contracts import community as c
from contracts.clients.community import CommunityClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.upload_limit import upload_route
from gateway.web import community_uploads as uploads
from gateway.web.community_forms import FeedbackForm
from gateway.web.pages import LONDON, error_page, register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("community_lead", __name__)
register_errors(blp)


def current_half_term(today: date) -> str:
    """'2026-27 autumn 1' for a day in September or October 2026 (a guess the chair may
    change: the first half of a term runs until its half-term holiday)."""
    start = today.year if today.month >= 9 else today.year - 1
    term = "autumn" if today.month >= 9 else "spring" if today.month < 4 else "summer"
    half = 1 if today.month in (9, 10, 1, 2, 4, 5) else 2
    return f"{start}-{(start + 1) % 100:02d} {term} {half}"


def _feedback_page(space: dict, form, status: int = 200):
    return render("web/community/feedback.html", status, space=space, form=uploads.with_hint(form))


@blp.route("/sharing/spaces/<space_id>/feedback", methods=["GET", "POST"])
@upload_route
@signed_in
def feedback(space_id: str):
    """The half-termly feedback to heads: every headteacher is told, and it stays here."""
    if len(space_id) > 64:
        abort(404)
    space = call(CommunityClient.get_space, space_id)
    if not space.get("may_lead") or space["kind"] != "group":
        return error_page(
            403,
            "You cannot publish feedback here",
            "The half-termly feedback to heads is published by a strategic group's chair or "
            "secretary, or the coordinator, in the group's space.",
        )
    if request.method == "GET":
        today = datetime.now(LONDON).date()
        form = FeedbackForm(formdata=None, half_term=current_half_term(today))
        return _feedback_page(space, form)
    form = FeedbackForm()
    if not form.validate():
        return _feedback_page(space, form, 400)
    data = {
        "half_term": form.half_term.data.strip(),
        "title": form.title.data.strip(),
        "text": form.text.data or "",
        "attachments": uploads.attachments(form),
    }
    try:
        post = call(CommunityClient.publish_feedback, space_id, c.FeedbackCreateSchema().dump(data))
    except InvalidInput as err:
        uploads.refused(form, err, "half_term")
        return _feedback_page(space, form, 400)
    except Conflict as err:
        form.half_term.errors = [err.message or "That half term's feedback is published already"]
        return _feedback_page(space, form, 409)
    flash("Your feedback is published. Every headteacher in the partnership is told.", "success")
    return redirect(url_for("community_posts.post", post_id=post["id"]))


@blp.after_request
def too_large(response):
    """Files over the gateway's upload limit: the feedback form again, said by the file field."""

    def page(space_id):
        form = FeedbackForm(formdata=None)
        uploads.too_big(form)
        return _feedback_page(call(CommunityClient.get_space, space_id), form, 413)

    return uploads.too_large_page(response, "community_lead.feedback", page)


@blp.post("/sharing/posts/<post_id>/pin")
@signed_in
def pin(post_id: str):
    """Pin (or, with ``unpin=1``, unpin) a post; back to its space."""
    stop = request.form.get("unpin") == "1"
    post = call(CommunityClient.unpin_post if stop else CommunityClient.pin_post, post_id)
    flash("The post is no longer pinned." if stop else "The post is pinned first.", "success")
    return redirect(url_for("community_pages.space", space_id=post["space_id"]))
