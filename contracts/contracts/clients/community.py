"""The community service's typed client, ``CommunityClient``: every RPC ``community.service``
serves (``contracts.community`` and ``contracts.community_site``), with the schema of the payload
it loads and of the answer it dumps."""

from contracts import community as c
from contracts import community_site as cs
from contracts import privacy
from contracts.clients.base import Rpc, ServiceClient
from contracts.common import HealthSchema, PageQuerySchema


class CommunityClient(ServiceClient):
    service = c.SERVICE

    health = Rpc(returns=HealthSchema)

    # Spaces
    sync_spaces = Rpc(returns=c.SpaceSyncSchema)
    list_spaces = Rpc(returns=c.SpacePageSchema)
    get_space = Rpc(returns=c.SpaceSchema)
    open_space = Rpc(takes=c.SpaceCreateSchema, returns=c.SpaceSchema)

    # Posts
    publish_post = Rpc(takes=c.PostCreateSchema, returns=c.PostSchema)
    get_post = Rpc(returns=c.PostSchema)
    search_posts = Rpc(takes=c.PostQuerySchema, returns=c.PostPageSchema)
    mark_helpful = Rpc(returns=c.PostSchema)
    hide_post = Rpc(takes=c.HideSchema, returns=c.PostSchema)
    pin_post = Rpc(returns=c.PostSchema)
    unpin_post = Rpc(returns=c.PostSchema)
    publish_feedback = Rpc(takes=c.FeedbackCreateSchema, returns=c.PostSchema)

    # Moderation
    report_post = Rpc(takes=c.ReportCreateSchema, returns=c.ReportSchema)
    report_comment = Rpc(takes=c.ReportCreateSchema, returns=c.ReportSchema)
    list_reports = Rpc(takes=c.ReportQuerySchema, returns=c.ReportPageSchema)
    dismiss_report = Rpc(returns=c.ReportSchema)
    hide_comment = Rpc(takes=c.HideSchema, returns=c.CommentSchema)

    # Following: each answers the caller's follows
    follow = Rpc(takes=c.FollowSchema, returns=c.FollowPageSchema)
    unfollow = Rpc(takes=c.FollowSchema, returns=c.FollowPageSchema)
    list_follows = Rpc(returns=c.FollowPageSchema)
    # the ids of who should hear of the post (services only)
    list_post_followers = Rpc(returns=c.FollowersSchema)

    # Attachments and comments
    add_attachment = Rpc(takes=c.AttachmentUploadSchema, returns=c.AttachmentSchema)
    get_attachment = Rpc(returns=c.AttachmentContentSchema)
    add_comment = Rpc(takes=c.CommentCreateSchema, returns=c.CommentSchema)
    list_comments = Rpc(takes=PageQuerySchema, returns=c.CommentPageSchema)

    # The public website: site pages and showcases
    get_site_page = Rpc(returns=cs.SitePageSchema)
    update_site_page = Rpc(takes=cs.SitePageUpdateSchema, returns=cs.SitePageSchema)
    publish_showcase = Rpc(takes=cs.ShowcaseCreateSchema, returns=cs.ShowcaseSchema)
    withdraw_showcase = Rpc(returns=cs.ShowcaseSchema)
    list_showcase = Rpc(returns=cs.ShowcasePageSchema)
    list_school_showcase = Rpc(returns=cs.ShowcasePageSchema)
    get_showcase_photo = Rpc(returns=cs.ShowcasePhotoSchema)

    # people's data (contracts.privacy)
    export_person = Rpc(returns=privacy.PersonExportSchema)
