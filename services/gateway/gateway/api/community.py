"""Sharing practice (the community service) over HTTP, one module per concern:

- ``community_spaces``: spaces, a space's posts, posting (with files), the half-termly feedback
- ``community_posts``: search, a post, comments, "this helped us" marks, pinning
- ``community_files``: adding a file to a post, downloads (``Content-Disposition``, ``nosniff``)
- ``community_moderation``: hiding posts and comments, reports
- ``community_follows``: following spaces and tags

``community_shapes`` holds the HTTP shapes, ``community_uploads`` reads what upload routes were
sent (``gateway.upload_limit``: their bodies may reach the attachment limit). The community
decides who sees and does what (``community.permissions``)."""

from gateway.api import (
    community_files,
    community_follows,
    community_moderation,
    community_posts,
    community_spaces,
)

BLUEPRINTS = (
    community_spaces.blp,
    community_posts.blp,
    community_files.blp,
    community_moderation.blp,
    community_follows.blp,
)
