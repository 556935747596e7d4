"""WSGI entry point (served by ``python -m gateway.serve``)."""

from gateway.app import create_app

app = create_app()
