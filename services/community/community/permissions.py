"""The community's one policy module: who sees a space or a post, who posts, who moderates and
who opens spaces. Pure: decides from a ``domain.Viewer`` and a ``domain.SpaceView``.

- A group's space: its members, chair and secretary, and the partnership roles.
- A cluster's space: staff of its schools, and the partnership roles.
- An opened space: its listed members, staff of the schools of its phase (an association of a
  phase), and the partnership roles.
- A post marked partnership-wide: everyone signed in. A hidden post: its author and those who
  may moderate its space.
- Moderating (hiding): the chair of the group whose space it is, or the coordinator.
- Leading a group's space (pinning posts, publishing the half-termly feedback to heads): its
  chair or secretary, or the coordinator. Feedback is seen by every headteacher besides.
- Adding a file to a post afterwards: its author (not to a hidden post).
- Reporting a post or comment: anyone who may see it. Following: a space one may see, or a tag.
"""

from datetime import date
from typing import Protocol

from community.domain import SpaceView, Viewer, open_for_posts
from contracts.caller import Caller, deny, require_signed_in
from contracts.privacy import may_use_own_data


class PostFacts(Protocol):
    """What the rules read of a post (a stored post; for a comment, its post)."""

    @property
    def author_id(self) -> str | None: ...
    @property
    def partnership_wide(self) -> bool: ...
    @property
    def hidden(self) -> bool: ...


def may_see_space(viewer: Viewer, space: SpaceView) -> bool:
    caller = viewer.caller
    if caller.is_anonymous:
        return False
    if caller.is_partnership or caller.is_service:
        return True
    if space.kind == "group":
        return space.source_id in viewer.groups
    if space.kind == "cluster":
        return viewer.cluster is not None and space.source_id == viewer.cluster
    if caller.id in space.member_ids:
        return True
    return space.phase is not None and caller.school_urn is not None and space.phase == viewer.phase


def check_may_see_space(viewer: Viewer, space: SpaceView) -> None:
    require_signed_in(viewer.caller)
    if not may_see_space(viewer, space):
        raise deny("Only the space's members may see it.")


def may_moderate(viewer: Viewer, space: SpaceView) -> bool:
    if viewer.caller.has_role("coordinator"):
        return True
    return space.kind == "group" and space.source_id in viewer.chairs


def check_may_moderate(viewer: Viewer, space: SpaceView) -> None:
    require_signed_in(viewer.caller)
    if not may_moderate(viewer, space):
        raise deny("Only the space's chair or the coordinator may hide posts.")


def may_lead(viewer: Viewer, space: SpaceView) -> bool:
    """The chair or secretary of the group whose space it is, or the coordinator."""
    if viewer.caller.has_role("coordinator"):
        return True
    officers = viewer.chairs | viewer.secretaries
    return space.kind == "group" and space.source_id in officers


def abilities(viewer: Viewer, space: SpaceView, today: date) -> dict:
    """What the viewer may do in a space they see, for pages to offer only that (every RPC
    still checks): post, lead (pin, feedback to heads) and moderate."""
    may_post = not viewer.caller.is_service and open_for_posts(space, today)
    return {
        "may_post": may_post and may_see_space(viewer, space),
        "may_lead": may_lead(viewer, space),
        "may_moderate": may_moderate(viewer, space),
    }


def check_may_pin(viewer: Viewer, space: SpaceView) -> None:
    require_signed_in(viewer.caller)
    if not may_lead(viewer, space):
        raise deny("Only the group's chair or secretary, or the coordinator, may pin posts.")


def check_may_publish_feedback(viewer: Viewer, space: SpaceView, today: date) -> None:
    """A group's chair or secretary (or the coordinator) in the group's space, open for posts."""
    require_signed_in(viewer.caller)
    if space.kind != "group":
        raise deny("Half-termly feedback to heads comes from a strategic group's space.")
    if not may_lead(viewer, space):
        raise deny("Only the group's chair or secretary, or the coordinator, may publish it.")
    if not open_for_posts(space, today):
        raise deny("This space no longer takes posts.")


def may_see_post(viewer: Viewer, space: SpaceView, post: PostFacts) -> bool:
    """``post`` has ``author_id``, ``partnership_wide``, ``hidden`` (and ``kind``: feedback to
    heads is seen by every headteacher)."""
    if viewer.caller.is_anonymous:
        return False
    if post.hidden:
        return post.author_id == viewer.id or may_moderate(viewer, space)
    if getattr(post, "kind", "post") == "feedback" and viewer.caller.has_role("headteacher"):
        return True
    return bool(post.partnership_wide) or may_see_space(viewer, space)


def check_may_see_post(viewer: Viewer, space: SpaceView, post: PostFacts) -> None:
    require_signed_in(viewer.caller)
    if not may_see_post(viewer, space, post):
        raise deny("Only those who may see the space may see this post.")


def check_may_post(viewer: Viewer, space: SpaceView, today: date) -> None:
    """Members post in a space that is open for posts (a service never posts)."""
    check_may_see_space(viewer, space)
    if viewer.caller.is_service:
        raise deny("A service does not post.")
    if not open_for_posts(space, today):
        raise deny("This space no longer takes posts.")


def check_may_comment(viewer: Viewer, space: SpaceView, post: PostFacts) -> None:
    check_may_see_post(viewer, space, post)
    if viewer.caller.is_service:
        raise deny("A service does not comment.")
    if post.hidden:
        raise deny("A hidden post takes no comments.")


def check_may_add_attachment(
    viewer: Viewer, space: SpaceView, post: PostFacts, today: date
) -> None:
    """A file added to a post afterwards: its author, while the post shows and the space takes
    posts (those who may not see the post hear only that)."""
    check_may_see_post(viewer, space, post)
    if post.author_id != viewer.id:
        raise deny("Only the post's author may add files to it.")
    if post.hidden:
        raise deny("A hidden post takes no files.")
    if not open_for_posts(space, today):
        raise deny("This space no longer takes posts.")


def check_may_report(viewer: Viewer, space: SpaceView, post: PostFacts) -> None:
    """Anyone who may see the post (a comment: its post) reports it; a service does not."""
    check_may_see_post(viewer, space, post)
    if viewer.caller.is_service:
        raise deny("A service does not report posts.")


def check_may_see_reports(viewer: Viewer, space: SpaceView) -> None:
    check_may_moderate(viewer, space)


def check_may_follow_space(viewer: Viewer, space: SpaceView) -> None:
    check_may_see_space(viewer, space)
    if viewer.caller.is_service:
        raise deny("A service does not follow spaces.")


def check_may_follow(caller: Caller) -> None:
    require_signed_in(caller)
    if caller.is_service:
        raise deny("A service does not follow.")


def check_may_list_followers(caller: Caller) -> None:
    """Who follows what is for the services that tell them (notifications), not for people."""
    require_signed_in(caller)
    if not caller.is_service:
        raise deny("Only a service may list a post's followers.")


def check_may_open_space(caller: Caller) -> None:
    require_signed_in(caller)
    if not caller.has_role("coordinator"):
        raise deny("Only the coordinator may open a space.")


def check_may_sync(caller: Caller) -> None:
    require_signed_in(caller)
    if not (caller.is_service or caller.has_role("coordinator")):
        raise deny("Only the coordinator may sync the spaces.")


# The public website
def check_may_edit_site(caller: Caller) -> None:
    """The public website's pages (home, about, constitution, FAQ): the coordinator."""
    require_signed_in(caller)
    if not caller.has_role("coordinator"):
        raise deny("Only the coordinator may edit the website's pages.")


def may_edit_showcase(caller: Caller, urn: int | str | None) -> bool:
    """A school's showcase: its headteacher or school administrator, or the coordinator."""
    if caller.is_anonymous or caller.is_service:
        return False
    if caller.has_role("coordinator"):
        return True
    return caller.of_school(urn) and caller.has_role("headteacher", "school_admin")


def check_may_edit_showcase(caller: Caller, urn: int | str | None) -> None:
    require_signed_in(caller)
    if not may_edit_showcase(caller, urn):
        raise deny("Only the school's headteacher or administrator may edit its showcase.")


def check_may_export_person(caller: Caller, person_id: str) -> None:
    """A person's posts, comments, follows and files: theirs, or the coordinator's to hand them
    (``contracts.privacy``)."""
    require_signed_in(caller)
    if not may_use_own_data(caller, person_id):
        raise deny("Only the person themself or the coordinator may export their data.")
