"""The /api/v1 blueprints, one per feature."""

from gateway.api import auth, events, notifications, people, schools

BLUEPRINTS = (auth.blp, schools.blp, people.blp, events.blp, notifications.blp)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/api/v1")
