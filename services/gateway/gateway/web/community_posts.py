"""A post: its text as the community rendered it (safe HTML), its files as downloads, comments
and the form to add one, "This helped us", and reporting the post or a comment. Community
``get_post``, ``list_comments``, ``get_space`` (what the caller may do there), ``add_comment``,
``mark_helpful``, ``report_post``, ``report_comment`` and ``get_attachment`` (a download is
served from the session's caller, with the API's headers)."""

from flask import Blueprint, abort, flash, redirect, request, url_for

from contracts.clients.base import Rpc
from contracts.clients.community import CommunityClient
from contracts.errors import InvalidInput, ServiceError
from gateway.api.community_files import download as download_response
from gateway.rpc import call, call_all
from gateway.web.community import support_areas
from gateway.web.community_forms import CommentForm, ReportForm
from gateway.web.names import school_names
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

REPORTS = {"post": CommunityClient.report_post, "comment": CommunityClient.report_comment}

blp = Blueprint("community_posts", __name__)
register_errors(blp)
COMMENTS = 100  # the comments shown under a post (oldest first)


def _checked(value: str) -> str:
    if not value or len(value) > 64:
        abort(404)
    return value


def _post_page(post_id: str, form, status: int = 200):
    """The post, its comments and its space's abilities, asked together. A head reading the
    feedback to heads may not see the group's space: then no abilities."""
    _checked(post_id)
    post, comments = call_all(
        (CommunityClient.get_post, post_id),
        (CommunityClient.list_comments, post_id, {"page": 1, "per_page": COMMENTS}),
    )
    space = call_all((CommunityClient.get_space, post["space_id"]), keep_errors=True)[0]
    if isinstance(space, ServiceError):
        space = {"id": post["space_id"], "name": post["space_name"]}
    return render(
        "web/community/post.html",
        status,
        post=post,
        space=space,
        comments=comments["items"],
        comments_total=comments["total"],
        areas=support_areas(),
        schools=school_names([post.get("school_urn")]),
        form=form,
    )


@blp.get("/sharing/posts/<post_id>")
@signed_in
def post(post_id: str):
    return _post_page(post_id, CommentForm(formdata=None))


@blp.post("/sharing/posts/<post_id>/comments")
@signed_in
def comment(post_id: str):
    form = CommentForm()
    if not form.validate():
        return _post_page(post_id, form, 400)
    try:
        call(CommunityClient.add_comment, _checked(post_id), {"text": form.text.data})
    except InvalidInput as err:
        form.text.errors = [err.message or "Check your comment and try again"]
        return _post_page(post_id, form, 400)
    flash("Your comment is added.", "success")
    return redirect(url_for("community_posts.post", post_id=post_id, _anchor="comments"))


@blp.post("/sharing/posts/<post_id>/helped")
@signed_in
def helped(post_id: str):
    """ "This helped us": once per person (again changes nothing)."""
    call(CommunityClient.mark_helpful, _checked(post_id))
    flash("Thank you: the author can see it helped you.", "success")
    return redirect(url_for("community_posts.post", post_id=post_id))


def _report(kind: str, target_id: str, post_id: str):
    """Report a post or a comment of it to the space's chair and the coordinator."""
    post = call(CommunityClient.get_post, _checked(post_id))
    form = ReportForm()
    done = "Thank you. The space's chair and the coordinator will read it."
    sent = send_reason(form, REPORTS[kind], target_id, post_id, done)
    if sent is not None:
        return sent
    status = 400 if request.method == "POST" else 200
    return render("web/community/report.html", status, post=post, kind=kind, form=form)


def send_reason(form, rpc: Rpc, target_id: str, post_id: str, done: str):
    """A posted reason (a report, a moderator's hiding) sent with the community's ``rpc``: then
    the post's page, ``done`` said; None when there is nothing to send or the form has
    problems (shown by its field)."""
    if request.method != "POST" or not form.validate():
        return None
    try:
        call(rpc, _checked(target_id), {"reason": form.reason.data.strip()})
    except InvalidInput as err:
        form.reason.errors = [err.message or "Check the reason and try again"]
        return None
    flash(done, "success")
    return redirect(url_for("community_posts.post", post_id=post_id))


@blp.route("/sharing/posts/<post_id>/report", methods=["GET", "POST"])
@signed_in
def report_post(post_id: str):
    return _report("post", post_id, post_id)


@blp.route("/sharing/posts/<post_id>/comments/<comment_id>/report", methods=["GET", "POST"])
@signed_in
def report_comment(post_id: str, comment_id: str):
    return _report("comment", comment_id, post_id)


@blp.get("/sharing/posts/<post_id>/files/<file_id>")
@signed_in
def download(post_id: str, file_id: str):
    """A file of the post, to those who may see the post (the community checks)."""
    found = call(CommunityClient.get_attachment, _checked(post_id), _checked(file_id))
    return download_response(found)
