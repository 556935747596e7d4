"""Moderation (the space's chair or the coordinator): the open reports, hiding a post or a
comment with a reason its author is told, dismissing a report. Community ``list_reports``,
``get_post``, ``hide_post``, ``hide_comment`` and ``dismiss_report``; the directory names the
reporters. Nothing is deleted: a hidden post or comment is kept, with who hid it and why."""

from flask import Blueprint, abort, flash, redirect, request, url_for

from contracts import community as c
from contracts.clients.community import CommunityClient
from contracts.errors import ServiceError
from gateway.rpc import call, call_all
from gateway.web import community_posts
from gateway.web.community_forms import HideForm
from gateway.web.directory import page_number, pagination
from gateway.web.names import people_names
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

HIDES = {"post": CommunityClient.hide_post, "comment": CommunityClient.hide_comment}

blp = Blueprint("community_moderation", __name__)
register_errors(blp)
PER_PAGE = 20


def _checked(value: str | None) -> str | None:
    if value is not None and (not value or len(value) > 64):
        abort(404)
    return value


@blp.get("/sharing/reports")
@signed_in
def reports():
    """The open reports, newest first: the coordinator's all, a chair's of ``?space=`` (their
    group's space). Each names its post (one ``get_post`` per post on the page, together)."""
    space_id = _checked(request.args.get("space") or None)
    page = page_number()
    query = {"status": "open", "space_id": space_id, "page": page, "per_page": PER_PAGE}
    found = call(CommunityClient.list_reports, c.ReportQuerySchema().dump(query))
    post_ids = sorted({r["post_id"] for r in found["items"]})
    answers = call_all(*((CommunityClient.get_post, p) for p in post_ids), keep_errors=True)
    found_posts = zip(post_ids, answers, strict=True)
    posts = {p: post for p, post in found_posts if not isinstance(post, ServiceError)}
    return render(
        "web/community/reports.html",
        reports=found["items"],
        posts=posts,
        reporters=people_names(r["reported_by"] for r in found["items"]),
        space_id=space_id,
        paging=pagination("community_moderation.reports", page, found["total"], PER_PAGE),
    )


def _hide(kind: str, target_id: str, post_id: str):
    post = call(CommunityClient.get_post, _checked(post_id))
    comment = None
    if kind == "comment":
        listed = call(CommunityClient.list_comments, post_id, {"page": 1, "per_page": 100})
        comment = next((x for x in listed["items"] if x["id"] == target_id), None)
        if comment is None:
            abort(404)
    form = HideForm()
    done = f"The {kind} is hidden. Its author is told why."
    sent = community_posts.send_reason(form, HIDES[kind], target_id, post_id, done)
    if sent is not None:
        return sent
    status = 400 if request.method == "POST" else 200
    return render(
        "web/community/hide.html", status, post=post, comment=comment, kind=kind, form=form
    )


@blp.route("/sharing/posts/<post_id>/hide", methods=["GET", "POST"])
@signed_in
def hide_post(post_id: str):
    return _hide("post", post_id, post_id)


@blp.route("/sharing/posts/<post_id>/comments/<comment_id>/hide", methods=["GET", "POST"])
@signed_in
def hide_comment(post_id: str, comment_id: str):
    return _hide("comment", comment_id, post_id)


@blp.post("/sharing/reports/<report_id>/dismiss")
@signed_in
def dismiss(report_id: str):
    """Dismiss a report (kept, closed, with who dismissed it); back to the reports."""
    call(CommunityClient.dismiss_report, _checked(report_id))
    flash("The report is dismissed. The post stays as it is.", "success")
    space = _checked(request.form.get("space") or None)
    return redirect(url_for("community_moderation.reports", space=space))
