"""The lists behind the directory pages' filters, remembered for a few seconds.

Every school and support search shows the clusters and the support areas as choices, and the
rows name them. Those lists change a few times a year (a GIAS import, the coordinator adding an
area), so each gateway process keeps the directory's last answer to ``list_clusters`` and
``list_support_areas`` for ``REFERENCE_SECONDS`` (15 s) rather than asking on every page: a search
page then makes one RPC, as its API call does. Only these argument-less lists are kept; they are
the same for everyone signed in (the pages using them require a session), and every other call
goes to its service each time.
"""

import threading
import time

from flask import current_app

from contracts.clients.directory import DirectoryClient
from gateway import rpc

REMEMBERED = frozenset({(DirectoryClient.list_clusters,), (DirectoryClient.list_support_areas,)})


class Remembered:
    """Answers by call for ``seconds``; thread-safe (a page's threads share one)."""

    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self._answers: dict[tuple, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def get(self, call: tuple):
        with self._lock:
            kept = self._answers.get(call)
        if kept is None or self._clock() - kept[0] >= self.seconds:
            return None
        return kept[1]

    def put(self, call: tuple, answer: dict) -> None:
        with self._lock:
            self._answers[call] = (self._clock(), answer)

    def forget(self) -> None:
        with self._lock:
            self._answers.clear()


def _remembered(call: tuple) -> bool:
    return len(call) == 1 and call in REMEMBERED  # (a call with arguments is never kept)


def init_app(app) -> None:
    app.extensions["reference"] = Remembered(app.config.get("REFERENCE_SECONDS", 15))


def call_all(*calls: tuple, keep_errors: bool = False) -> list:
    """``gateway.rpc.call_all``, with the remembered lists answered from memory when fresh
    (and kept when asked for)."""
    kept: Remembered = current_app.extensions["reference"]
    answers = [kept.get(one) if _remembered(one) else None for one in calls]
    missing = [i for i, answer in enumerate(answers) if answer is None]
    if missing:
        found = rpc.call_all(*(calls[i] for i in missing), keep_errors=keep_errors)
        for i, answer in zip(missing, found, strict=True):
            answers[i] = answer
            if _remembered(calls[i]) and not isinstance(answer, Exception):
                kept.put(calls[i], answer)
    return answers
