"""What the community's events say to whom (notifications.messages, policy: pure)."""

from notifications.messages import messages_for
from notifications.messages.message import PostFollowers
from notifications.policy import DEFAULT_PREFERENCES, category_of
from notifications.recipients import RoleAddress


def test_a_new_post_goes_to_its_followers_with_an_excerpt():
    p = {"post_id": "p1", "title": "Zones", "space_name": "Inclusion", "author_name": "Ann",
         "excerpt": "How we use it"}  # fmt: skip
    (message,) = messages_for("post_published", p)
    assert message.to == PostFollowers("p1")
    assert message.title == "New in Inclusion: Zones"
    assert "Ann posted Zones" in message.body and "How we use it" in message.body
    assert message.context["ref"] == "p1"


def test_the_feedback_goes_to_every_headteacher():
    p = {"post_id": "p2", "title": "Autumn 1", "space_name": "CPD", "half_term": "2026-27 autumn 1"}
    (message,) = messages_for("feedback_published", p)
    assert message.to == RoleAddress("headteacher")
    assert "2026-27 autumn 1" in message.body and "CPD" in message.title


def test_the_author_of_a_hidden_post_or_comment_is_told_why():
    p = {"post_id": "p3", "title": "Off topic", "author_id": "a1", "reason": "Names a pupil"}
    (post,) = messages_for("post_hidden", p)
    (comment,) = messages_for("comment_hidden", {**p, "comment_id": "c1"})
    assert post.to == comment.to == "a1"
    assert "Names a pupil" in post.body and "comment" in comment.title


def test_community_kinds_have_their_own_category_a_daily_email_by_default():
    for kind in ("post_published", "feedback_published", "post_hidden", "comment_hidden"):
        assert category_of(kind) == "community"
    assert DEFAULT_PREFERENCES["community"] == {"inbox": True, "email": "daily"}
