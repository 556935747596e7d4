"""The gateway's Flask application factory."""

import random

from flask import Flask, g, request
from flask_smorest import Api

from gateway import api as api_blueprints
from gateway import (
    auth,
    batching,
    errors,
    health,
    inbox_feed,
    ops,
    rpc,
    security,
    session_feed,
    settings,
    web,
)
from gateway.api.schemas import ErrorSchema

OPENAPI = {
    "API_TITLE": "Partnership Hub API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            }
        },
        "security": [{"bearer": []}],
    },
}


def new_request_id() -> str:
    """32 random hex digits, as ``uuid4().hex``: an id to follow, not a secret, so from the
    process's pseudo-random generator (reseeded in each forked worker), not the system's, whose
    read gives up the interpreter lock, which under a burst costs a thread switch per request."""
    return f"{random.getrandbits(128):032x}"


class HubApi(Api):
    """flask-smorest, documenting our error body instead of its own."""

    ERROR_SCHEMA = ErrorSchema


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(settings.from_env())
    app.config.update(OPENAPI)
    app.config["JSON_SORT_KEYS"] = False
    if test_config:
        app.config.update(test_config)

    @app.before_request
    def tag_request():
        g.request_id = request.headers.get("X-Request-ID") or new_request_id()

    @app.after_request
    def echo_request_id(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response

    rpc.init_app(app)
    ops.init_app(app)  # /metrics, /livez, /readyz; each request counted (before auth refuses any)
    auth.init_app(app)
    security.init_app(app)
    batching.init_app(app)
    session_feed.init_app(app)
    inbox_feed.init_app(app)
    api = HubApi(app)
    errors.init_app(app, api)
    api_blueprints.register(api)
    app.register_blueprint(health.blp)
    web.init_app(app)
    return app
