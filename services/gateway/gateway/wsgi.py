"""WSGI entry point (served by ``python -m gateway.serve``)."""

from gateway.app import create_app
from runtime.startup import freeze_startup_objects

app = create_app()
freeze_startup_objects()  # short garbage-collector pauses (see runtime.startup)
