"""Storage start-up shared by the services: mongoengine bound to the service's database under its
alias, each document's indexes made (or rebuilt when a definition changed), the outboxes'
sweep index, and a nameko dependency provider that does it as the container starts."""

from collections.abc import Callable, Iterable
from typing import Any

from mongoengine import connect, disconnect
from mongoengine.connection import get_db
from nameko.extensions import DependencyProvider

from runtime.indexes import ensure_indexes


def connect_documents(
    alias: str,
    uri: str,
    db: str,
    documents: Iterable[Any],
    outbox_documents: Iterable[Any] = (),
    **options: Any,
) -> None:
    """Bind ``alias`` to ``db`` at ``uri`` (rebinding if already bound), make every document's
    indexes and the outbox sweep's index (``outbox.at``) of each outbox document. ``options``
    go to pymongo (``maxPoolSize``, ...)."""
    disconnect(alias)
    connect(
        alias=alias,
        host=uri,
        db=db,
        uuidRepresentation="standard",
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
        **options,
    )
    for document in documents:
        ensure_indexes(document)
    for document in outbox_documents:
        document._get_collection().create_index("outbox.at")


class Store(DependencyProvider):
    """Runs ``connect(uri, db)`` from the service's config ``MONGO_URI``/``MONGO_DB`` as the
    container is set up; workers get the pymongo database of ``alias``."""

    def __init__(self, connect: Callable[[str, str], None], alias: str) -> None:
        self.connect, self.alias = connect, alias

    def setup(self) -> None:
        self.connect(self.container.config["MONGO_URI"], self.container.config["MONGO_DB"])

    def get_dependency(self, worker_ctx: Any) -> Any:
        return get_db(self.alias)
