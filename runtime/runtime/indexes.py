"""Start-up rule shared by the services' stores: a document's indexes are created, and rebuilt
when a definition changed since they were made (an older database would otherwise refuse to
start the service). Dependency-free: the gateway installs contracts and never touches a store."""

from typing import Any

INDEX_DEFINITION_CHANGED = (85, 86)  # MongoDB's IndexOptionsConflict, IndexKeySpecsConflict


def ensure_indexes(document: Any) -> None:
    """``document`` is a mongoengine Document class."""
    try:
        document.ensure_indexes()
    except Exception as exc:
        if getattr(exc, "code", None) not in INDEX_DEFINITION_CHANGED:
            raise
        document._get_collection().drop_indexes()
        document.ensure_indexes()
