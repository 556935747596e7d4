"""Reports: anyone who may see a post or comment reports it (with a reason); the space's chair or
the coordinator sees the open reports of the spaces they moderate, and hides what was reported
(``posts.hide``, ``comments.hide``: the reports are closed) or dismisses a report. Nothing is
deleted: each report keeps who made it and who closed it."""

from community import permissions, spaces
from community.comments import get_comment
from community.domain import Viewer
from community.posts import aware, get_post
from community.storage import Report, Space, now
from contracts.caller import deny, require_signed_in
from contracts.common import paginate
from contracts.errors import Conflict, NotFound


def report_post(post_id, data: dict, viewer: Viewer) -> Report:
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_report(viewer, spaces.view(space), post)
    return _report("post", post.id, post.id, space.id, data["reason"], viewer)


def report_comment(comment_id, data: dict, viewer: Viewer) -> Report:
    comment = get_comment(comment_id)
    post = get_post(comment.post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_report(viewer, spaces.view(space), post)
    if comment.hidden and comment.author_id != viewer.id:
        permissions.check_may_moderate(viewer, spaces.view(space))
    return _report("comment", comment.id, post.id, space.id, data["reason"], viewer)


def _report(kind, target_id, post_id, space_id, reason, viewer: Viewer) -> Report:
    report = Report(
        target_kind=kind,
        target_id=target_id,
        post_id=post_id,
        space_id=space_id,
        reason=reason.strip() or reason,
        reported_by=viewer.id,
        reported_at=now(),
    )
    report.save(force_insert=True)
    return report


def moderated_space_ids(viewer: Viewer) -> list[str] | None:
    """The spaces whose reports ``viewer`` sees (None: every space, for the coordinator)."""
    require_signed_in(viewer.caller)
    if viewer.caller.has_role("coordinator"):
        return None
    groups = Space.objects(kind="group")
    return [s.id for s in groups if permissions.may_moderate(viewer, spaces.view(s))]


def page(query: dict, viewer: Viewer) -> dict:
    """The reports of the spaces ``viewer`` moderates (Forbidden for a space they do not)."""
    allowed = moderated_space_ids(viewer)
    found = Report.objects
    if query.get("space_id"):
        space = spaces.get_space(query["space_id"])
        permissions.check_may_see_reports(viewer, spaces.view(space))
        found = found(space_id=space.id)
    elif allowed is not None:
        if not allowed:
            raise deny("Only a space's chair or the coordinator sees its reports.")
        found = found(space_id__in=allowed)
    if query.get("status"):
        found = found(status=query["status"])
    return paginate(found.order_by("-reported_at"), query, report_item)


def dismiss(report_id, viewer: Viewer) -> Report:
    """Close an open report without hiding anything (kept, with who closed it)."""
    report = Report.objects(id=str(report_id)).first()
    if report is None:
        raise NotFound(f"No report {report_id}.", {"report_id": ["Unknown report."]})
    permissions.check_may_moderate(viewer, spaces.view(spaces.get_space(report.space_id)))
    done = Report.objects(id=report.id, status="open").update_one(
        set__status="dismissed", set__resolved_by=viewer.id, set__resolved_at=now()
    )
    if not done:
        raise Conflict("The report is closed already.", {"report_id": ["Closed already."]})
    return Report.objects(id=report.id).first()


def report_item(report: Report) -> dict:
    return {
        "id": report.id,
        "target_kind": report.target_kind,
        "target_id": report.target_id,
        "post_id": report.post_id,
        "space_id": report.space_id,
        "reason": report.reason,
        "reported_by": report.reported_by,
        "reported_at": aware(report.reported_at),
        "status": report.status,
        "resolved_by": report.resolved_by,
        "resolved_at": aware(report.resolved_at) if report.resolved_at else None,
    }
