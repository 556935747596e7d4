"""WSGI entry point (served by ``python -m gateway.serve``)."""

from gateway.app import create_app
from runtime.logformat import configure as configure_logs
from runtime.startup import freeze_startup_objects

configure_logs("gateway")  # LOG_FORMAT json (default) or console; LOG_LEVEL (runtime.logformat)
app = create_app()
freeze_startup_objects()  # short garbage-collector pauses (see runtime.startup)
