"""The /api/v1 blueprints, one per feature."""

from gateway.api import (
    auth,
    community,
    directory_groups,
    directory_support,
    events,
    events_demand,
    events_meetings,
    events_records,
    notifications,
    people,
    privacy,
    schools,
    site,
)

BLUEPRINTS = (
    auth.blp,
    schools.blp,
    people.blp,
    directory_groups.blp,
    directory_support.blp,
    events.blp,
    events_records.blp,
    events_meetings.blp,
    events_demand.blp,
    notifications.blp,
    *community.BLUEPRINTS,
    site.blp,
    privacy.blp,
)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/api/v1")
