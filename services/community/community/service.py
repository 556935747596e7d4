"""The community nameko service: loads the caller and each payload with its contract, asks the
directory who the caller is in the partnership (``membership``), calls a use case (which asks
``permissions``), relays the events the write stored, dumps.

Every RPC takes ``caller=`` last (``contracts.caller``; None is anonymous, who sees nothing
here): the community decides from it, whoever sent the call."""

import logging
import time
from datetime import UTC, datetime

from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko.timer import timer
from pymongo.errors import PyMongoError

from community import (
    comments,
    follows,
    moderation,
    posts,
    search,
    search_view,
    showcases,
    site,
    spaces,
)
from community.membership import DirectoryMembership
from community.permissions import (
    abilities,
    check_may_open_space,
    check_may_see_space,
    check_may_sync,
)
from community.rpc_privacy import PrivacyRpc
from community.storage import ALIAS, Comment, Post, connect_store, outbox_collections, raw
from contracts import community as c
from contracts import community_site as cs
from contracts.caller import load_caller, require_signed_in
from contracts.clients.directory import DirectoryClient
from contracts.common import PageQuerySchema, load
from runtime.caching import CacheProvider
from runtime.clients import ServiceRpc
from runtime.delivery import CorrelationId, OutboxRelay
from runtime.health import HealthRpc
from runtime.ops import Operations
from runtime.startup import FreezeStartupObjects
from runtime.storage import Store

_log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SYNC_SECONDS = 60


def today():
    return datetime.now(UTC).date()


class UploadLimit(DependencyProvider):
    """The largest attachment in bytes (config ``ATTACHMENT_MAX_BYTES``, default 10 MiB)."""

    def setup(self):
        self.limit = int(self.container.config.get("ATTACHMENT_MAX_BYTES") or DEFAULT_MAX_BYTES)

    def get_dependency(self, worker_ctx):
        return self.limit


class LastSync(DependencyProvider):
    """When this service instance last synced the spaces with the directory (None: not yet)."""

    def setup(self):
        self.state = {"at": None}

    def get_dependency(self, worker_ctx):
        return self.state


class CommunityService(HealthRpc, PrivacyRpc):
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (runtime.startup)

    db = Store(connect_store, ALIAS)
    relay = OutboxRelay()
    correlation_id = CorrelationId()
    operations = Operations(outboxes=outbox_collections)  # logs, metrics, probes (runtime.ops)
    max_bytes = UploadLimit()
    directory_rpc = ServiceRpc(DirectoryClient)
    directory_cache = CacheProvider("DIRECTORY_CACHE_SECONDS", ttl=30.0)
    last_sync = LastSync()

    def _membership(self) -> DirectoryMembership:
        return DirectoryMembership(self.directory_rpc, self.directory_cache)

    def _viewer(self, caller):
        return self._membership().viewer(load_caller(caller))

    def _publish(self, document_class, doc_id) -> None:
        """Relay what the last write put in this document's outbox."""
        self.relay.publish_pending(raw(document_class), doc_id)

    # Spaces
    @rpc
    def sync_spaces(self, caller=None):
        """-> SpaceSyncSchema: a space for every group and cluster of the directory. The
        coordinator or a service. Forbidden, Unauthorized."""
        check_may_sync(load_caller(caller))
        return c.SpaceSyncSchema().dump(spaces.sync(self._membership()))

    @rpc
    def list_spaces(self, caller=None):
        """-> SpacePageSchema: the spaces the caller may see. Unauthorized."""
        viewer = self._viewer(caller)
        require_signed_in(viewer.caller)
        items = [spaces.space_item(s, today()) for s in spaces.visible(viewer)]
        return c.SpacePageSchema().dump({"items": items, "total": len(items)})

    @rpc
    def get_space(self, space_id, caller=None):
        """space id -> SpaceSchema. NotFound (space_id), Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        space = spaces.get_space(space_id)
        check_may_see_space(viewer, spaces.view(space))
        item = spaces.space_item(space, today())
        item.update(abilities(viewer, spaces.view(space), today()))
        return c.SpaceSchema().dump(item)

    @rpc
    def open_space(self, data, caller=None):
        """SpaceCreateSchema -> SpaceSchema: the coordinator. InvalidInput, Forbidden."""
        who = load_caller(caller)
        check_may_open_space(who)
        space = spaces.open_space(load(c.SpaceCreateSchema, data), who, today())
        return c.SpaceSchema().dump(spaces.space_item(space, today()))

    # Posts
    @rpc
    def publish_post(self, space_id, data, caller=None):
        """space id, PostCreateSchema -> PostSchema (post_published): the space's members.
        InvalidInput (``tags.N``, ``attachments.N.content``: nothing stored), NotFound,
        Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        payload = load(c.PostCreateSchema, data)
        areas = self._membership().support_areas() if payload["tags"] else {}
        post = posts.publish(
            space_id, payload, viewer, areas, self.max_bytes, today(), self.correlation_id
        )
        self._publish(Post, post.id)
        space = spaces.get_space(post.space_id)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    @rpc
    def get_post(self, post_id, caller=None):
        """post id -> PostSchema. NotFound (post_id), Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        post, space = posts.visible_post(post_id, viewer)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    @rpc
    def search_posts(self, query=None, caller=None):
        """PostQuerySchema -> PostPageSchema. InvalidInput, Unauthorized."""
        viewer = self._viewer(caller)
        require_signed_in(viewer.caller)
        found = search.search(load(c.PostQuerySchema, query), viewer)
        return c.PostPageSchema().dump(found)

    @rpc
    def mark_helpful(self, post_id, caller=None):
        """post id -> PostSchema: "this helped us", once per person. NotFound, Forbidden."""
        viewer = self._viewer(caller)
        post = posts.mark_helpful(post_id, viewer)
        space = spaces.get_space(post.space_id)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    @rpc
    def hide_post(self, post_id, data, caller=None):
        """post id, HideSchema -> PostSchema (post_hidden): the space's chair or the
        coordinator. InvalidInput, NotFound, Conflict, Forbidden."""
        viewer = self._viewer(caller)
        post = posts.hide(post_id, load(c.HideSchema, data), viewer, self.correlation_id)
        self._publish(Post, post.id)
        space = spaces.get_space(post.space_id)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    @rpc
    def pin_post(self, post_id, caller=None):
        """post id -> PostSchema (pinned first in its space): a group's chair or secretary, or
        the coordinator. NotFound, Conflict (hidden), Forbidden, Unauthorized."""
        return self._pin(post_id, True, caller)

    @rpc
    def unpin_post(self, post_id, caller=None):
        """post id -> PostSchema (no longer pinned). NotFound, Forbidden, Unauthorized."""
        return self._pin(post_id, False, caller)

    def _pin(self, post_id, pinned, caller):
        viewer = self._viewer(caller)
        post = posts.pin(post_id, viewer, pinned)
        space = spaces.get_space(post.space_id)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    @rpc
    def publish_feedback(self, space_id, data, caller=None):
        """space id, FeedbackCreateSchema -> PostSchema (kind ``feedback``,
        ``feedback_published``): a group's chair or secretary, or the coordinator, in the
        group's space. InvalidInput (``half_term``, ``attachments.N.content``), Conflict (that
        half term's feedback is published), NotFound, Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        payload = load(c.FeedbackCreateSchema, data)
        post = posts.publish_feedback(
            space_id, payload, viewer, self.max_bytes, today(), self.correlation_id
        )
        self._publish(Post, post.id)
        space = spaces.get_space(post.space_id)
        return c.PostSchema().dump(posts.post_item(post, space.name, viewer))

    # Moderation
    @rpc
    def report_post(self, post_id, data, caller=None):
        """post id, ReportCreateSchema -> ReportSchema: anyone who may see the post.
        InvalidInput, NotFound, Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        report = moderation.report_post(post_id, load(c.ReportCreateSchema, data), viewer)
        return c.ReportSchema().dump(moderation.report_item(report))

    @rpc
    def report_comment(self, comment_id, data, caller=None):
        """comment id, ReportCreateSchema -> ReportSchema: anyone who may see its post.
        InvalidInput, NotFound (comment_id), Forbidden, Unauthorized."""
        viewer = self._viewer(caller)
        report = moderation.report_comment(comment_id, load(c.ReportCreateSchema, data), viewer)
        return c.ReportSchema().dump(moderation.report_item(report))

    @rpc
    def list_reports(self, query=None, caller=None):
        """ReportQuerySchema -> ReportPageSchema (newest first): the coordinator's, or a
        group chair's for their space. InvalidInput, NotFound (space_id), Forbidden."""
        viewer = self._viewer(caller)
        found = moderation.page(load(c.ReportQuerySchema, query), viewer)
        return c.ReportPageSchema().dump(found)

    @rpc
    def dismiss_report(self, report_id, caller=None):
        """report id -> ReportSchema (dismissed, kept): the space's chair or the coordinator.
        NotFound, Conflict (closed already), Forbidden."""
        report = moderation.dismiss(report_id, self._viewer(caller))
        return c.ReportSchema().dump(moderation.report_item(report))

    @rpc
    def hide_comment(self, comment_id, data, caller=None):
        """comment id, HideSchema -> CommentSchema (comment_hidden): the space's chair or the
        coordinator. InvalidInput, NotFound, Conflict, Forbidden."""
        viewer = self._viewer(caller)
        comment = comments.hide(comment_id, load(c.HideSchema, data), viewer, self.correlation_id)
        self._publish(Comment, comment.id)
        return c.CommentSchema().dump(comments.comment_item(comment))

    # Following
    @rpc
    def follow(self, data, caller=None):
        """FollowSchema -> FollowPageSchema (the caller's follows): a space the caller may
        see, or a support-area tag. InvalidInput (``tag``), NotFound, Forbidden."""
        viewer = self._viewer(caller)
        found = follows.follow(load(c.FollowSchema, data), viewer, self._membership())
        return c.FollowPageSchema().dump(found)

    @rpc
    def unfollow(self, data, caller=None):
        """FollowSchema -> FollowPageSchema (the caller's follows). InvalidInput, Forbidden."""
        viewer = self._viewer(caller)
        found = follows.unfollow(load(c.FollowSchema, data), viewer, self._membership())
        return c.FollowPageSchema().dump(found)

    @rpc
    def list_follows(self, caller=None):
        """-> FollowPageSchema: what the caller follows. Unauthorized, Forbidden (a service)."""
        found = follows.mine(self._viewer(caller), self._membership())
        return c.FollowPageSchema().dump(found)

    @rpc
    def list_post_followers(self, post_id, caller=None):
        """post id -> FollowersSchema: who follows its space or a tag of it and may see it (not
        its author). Services only. NotFound, Forbidden."""
        found = follows.followers(post_id, load_caller(caller), self._membership())
        return c.FollowersSchema().dump(found)

    @rpc
    def add_attachment(self, post_id, data, caller=None):
        """post id, AttachmentUploadSchema -> AttachmentSchema: one more file on a post, its
        author's. InvalidInput (``content``: too big, not an accepted type, disguised, empty;
        nothing stored), Conflict (``post_id``: five files already), NotFound, Forbidden."""
        viewer = self._viewer(caller)
        payload = load(c.AttachmentUploadSchema, data)
        added = posts.add_attachment(post_id, payload, viewer, self.max_bytes, today())
        return c.AttachmentSchema().dump(added)

    @rpc
    def get_attachment(self, post_id, attachment_id, caller=None):
        """post id, attachment id -> AttachmentContentSchema: to those who may see the post.
        NotFound (post_id, attachment_id), Forbidden, Unauthorized."""
        found = posts.attachment(post_id, attachment_id, self._viewer(caller))
        return c.AttachmentContentSchema().dump(found)

    # Comments
    @rpc
    def add_comment(self, post_id, data, caller=None):
        """post id, CommentCreateSchema -> CommentSchema (comment_added): those who may see the
        post. InvalidInput, NotFound, Forbidden."""
        viewer = self._viewer(caller)
        payload = load(c.CommentCreateSchema, data)
        comment = comments.add(post_id, payload, viewer, self.correlation_id)
        self._publish(Comment, comment.id)
        return c.CommentSchema().dump(comments.comment_item(comment))

    @rpc
    def list_comments(self, post_id, query=None, caller=None):
        """post id, PageQuerySchema -> CommentPageSchema (oldest first). NotFound, Forbidden."""
        viewer = self._viewer(caller)
        found = comments.page(post_id, load(PageQuerySchema, query), viewer)
        return c.CommentPageSchema().dump(found)

    # The public website (contracts.community_site)
    @rpc
    def get_site_page(self, slug, caller=None):
        """slug -> SitePageSchema: public. NotFound (slug)."""
        who = load_caller(caller)
        return cs.SitePageSchema().dump(site.page_item(site.get_page(slug), who))

    @rpc
    def update_site_page(self, slug, data, caller=None):
        """slug, SitePageUpdateSchema -> SitePageSchema: the coordinator. InvalidInput,
        NotFound (slug), Forbidden, Unauthorized."""
        who = load_caller(caller)
        page = site.update_page(slug, load(cs.SitePageUpdateSchema, data), who)
        return cs.SitePageSchema().dump(site.page_item(page, who))

    @rpc
    def publish_showcase(self, urn, data, caller=None):
        """URN, ShowcaseCreateSchema -> ShowcaseSchema: the school's headteacher or school
        admin, or the coordinator. InvalidInput (``photos.N.content``: nothing stored),
        Forbidden, Unauthorized."""
        payload = load(cs.ShowcaseCreateSchema, data)
        entry = showcases.publish(urn, payload, load_caller(caller), self.max_bytes)
        return cs.ShowcaseSchema().dump(showcases.entry_item(entry))

    @rpc
    def withdraw_showcase(self, entry_id, caller=None):
        """entry id -> ShowcaseSchema (no longer public, kept). NotFound, Forbidden."""
        entry = showcases.withdraw(entry_id, load_caller(caller))
        return cs.ShowcaseSchema().dump(showcases.entry_item(entry))

    @rpc
    def list_showcase(self, urn, caller=None):
        """URN -> ShowcasePageSchema: public, the school's published entries, newest first."""
        found = showcases.entries(urn, published_only=True)
        return cs.ShowcasePageSchema().dump(showcases.page(found))

    @rpc
    def list_school_showcase(self, urn, caller=None):
        """URN -> ShowcasePageSchema: every entry, withdrawn ones too, for its editors.
        Forbidden, Unauthorized."""
        found = showcases.school_entries(urn, load_caller(caller))
        return cs.ShowcasePageSchema().dump(showcases.page(found))

    @rpc
    def get_showcase_photo(self, entry_id, photo_id, caller=None):
        """entry id, photo id -> ShowcasePhotoSchema: public, photos of published entries
        only. NotFound (photo_id)."""
        return cs.ShowcasePhotoSchema().dump(showcases.photo(entry_id, photo_id))

    # Timers
    @timer(interval=5, eager=True)
    def keep_spaces_in_step(self):
        """A space for every group and cluster, soon after the directory has them: every
        ``SYNC_SECONDS``, and every few seconds until the directory first answers."""
        synced_at = self.last_sync["at"]
        if synced_at is not None and time.monotonic() - synced_at < SYNC_SECONDS:
            return
        try:
            spaces.sync(self._membership())
        except Exception as exc:  # noqa: BLE001 - the directory may not be up yet: next time
            _log.warning("spaces not synced yet (the directory did not answer): %r", exc)
            return
        self.last_sync["at"] = time.monotonic()

    @timer(interval=5, eager=True)
    def keep_search_view(self):
        """The posts' summaries search reads (``search_view``): loaded at start, then kept
        up to date (searches refresh them too), reloaded in full every ten minutes."""
        try:
            search_view.posts.maintain()
        except PyMongoError as exc:
            _log.warning("search view not refreshed: %r", exc)

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash left in an outbox."""
        self.relay.sweep(outbox_collections())
