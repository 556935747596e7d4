"""What the community says to whom: a new post (its followers who may see it), a strategic
group's half-termly feedback (every headteacher), and a hidden post or comment (its author)."""

from collections.abc import Callable

from notifications.messages.message import (
    Message,
    PostFollowers,
    each,
    people,
    title_of,
)
from notifications.recipients import RoleAddress


def _excerpt(p) -> str:
    return f"\n\n{p['excerpt']}" if p.get("excerpt") else ""


def post_published(p):
    """A new post in a space, or with a tag, someone follows (those who may see it)."""
    if not p.get("post_id"):
        return []
    t = title_of(p)
    space = p.get("space_name") or "a space you follow"
    who = p.get("author_name") or "A colleague"
    body = f"{who} posted {t} in {space}.{_excerpt(p)}"
    to = [PostFollowers(p["post_id"])]
    return each(to, "post_published", f"New in {space}: {t}", body, {**p, "ref": p["post_id"]})


def feedback_published(p):
    """The half-termly feedback of a strategic group reaches every headteacher."""
    t = title_of(p)
    group = p.get("space_name") or "A strategic group"
    half = p.get("half_term") or "this half term"
    body = f"{group} has published its feedback to heads for {half}: {t}.{_excerpt(p)}"
    to = [RoleAddress("headteacher")]
    title = f"Feedback to heads from {group}: {t}"
    return each(to, "feedback_published", title, body, {**p, "ref": p.get("post_id")})


def _hidden(kind: str, what: str):
    def build(p):
        t = title_of(p)
        reason = p.get("reason") or "no reason given"
        body = f"Your {what} on {t} was hidden by a moderator. The reason: {reason}"
        context = {**p, "ref": p.get("post_id")}
        return each(people(p.get("author_id")), kind, f"Your {what} was hidden", body, context)

    return build


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "post_published": post_published,
    "feedback_published": feedback_published,
    "post_hidden": _hidden("post_hidden", "post"),
    "comment_hidden": _hidden("comment_hidden", "comment"),
}
