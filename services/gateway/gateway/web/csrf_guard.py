"""CSRF for the web pages only (Flask-WTF): the JSON API takes bearer tokens, not cookies."""

from flask import current_app


def protect() -> None:
    """Refuse a form post without a valid CSRF token (``CSRFError``, answered 400)."""
    current_app.extensions["csrf"].protect()
