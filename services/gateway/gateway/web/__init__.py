"""The web pages: server-rendered GOV.UK Design System pages on the same RPCs as the API.

``init_app`` wires Jinja to the govuk-frontend-jinja and govuk-frontend-wtf templates, the signed
session cookie, CSRF on every form of these pages (the JSON API under ``/api/v1`` is not checked:
it takes bearer tokens, not cookies) and the page blueprints, one module per area.
"""

import hashlib

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from gateway.web import account, bookings, events, manage, pages, public, reference, school

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("gateway"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    # the session cookie is signed with a key of its own, derived from the token secret
    secret = app.config["JWT_SECRET"]
    app.secret_key = hashlib.sha256(b"web-session:" + secret.encode()).hexdigest()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["HTTPS_ONLY"],
        SESSION_COOKIE_NAME="hub_session",
        WTF_CSRF_CHECK_DEFAULT=False,  # checked by the web blueprints only (session.protect)
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the signed-in session
    )
    csrf.init_app(app)
    pages.init_app(app)
    reference.init_app(app)
    for module in (public, account, events, bookings, school, manage):
        app.register_blueprint(module.blp)
    __import__("gateway.web.directory", fromlist=["register"]).register(app)
    __import__("gateway.web.requests", fromlist=["register"]).register(app)
    for name in ("site_manage", "showcase_manage"):
        app.register_blueprint(__import__(f"gateway.web.{name}", fromlist=["blp"]).blp)
    __import__("gateway.web.community", fromlist=["register"]).register(app)
    app.register_blueprint(__import__("gateway.web.privacy", fromlist=["blp"]).blp)
