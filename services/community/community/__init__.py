"""Partnership Hub community service: spaces, posts, comments and attachments."""
