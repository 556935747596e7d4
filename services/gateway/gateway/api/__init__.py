"""The /api/v1 blueprints, one per feature."""

from gateway.api import (
    auth,
    directory_groups,
    directory_support,
    events,
    notifications,
    people,
    schools,
)

BLUEPRINTS = (
    auth.blp,
    schools.blp,
    people.blp,
    directory_groups.blp,
    directory_support.blp,
    events.blp,
    notifications.blp,
)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/api/v1")
