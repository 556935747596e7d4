"""WSGI entry point (served by ``python -m gateway.serve``)."""

from contracts.runtime import freeze_startup_objects
from gateway.app import create_app

app = create_app()
freeze_startup_objects()  # short garbage-collector pauses (see contracts.runtime)
