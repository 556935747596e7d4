"""Imported first by every command-line entry point (``directory``, ``events``,
``notifications``, ``python -m runtime.probe``): eventlet, under nameko, warns on import that
it is deprecated, a page of text on stderr before each command's output. Only that warning is
hidden; every other warning still shows."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
