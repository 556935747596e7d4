"""Email over a real SMTP server on loopback: kept connections, a server restart in between, and
the classification of refusals."""

import pytest

from notifications.mailer import (
    PermanentFailure,
    SmtpPool,
    SmtpSettings,
    TemporaryFailure,
    build_message,
)
from support.mailbox import Mailbox
from support.waiting import eventually


def message(to: str):
    return build_message("hub@partnership.test", to, "Hello", "plain text", "<p>html</p>")


def test_a_kept_connection_the_server_dropped_is_replaced_transparently(tmp_path):
    box = Mailbox(tmp_path / "mail").start()
    pool = SmtpPool(SmtpSettings(host=box.host, port=box.port))
    try:
        pool.send(message("first@school.test"))
        assert pool.idle.qsize() == 1
        box.stop()
        box = Mailbox(tmp_path / "mail", port=box.port).start()  # restarted: old socket is dead
        pool.send(message("second@school.test"))
        eventually(lambda: box.to("second@school.test"))
    finally:
        pool.close()
        box.stop()


def test_refusals_are_told_apart_and_an_unreachable_server_is_temporary(tmp_path):
    box = Mailbox(tmp_path / "mail").start()
    pool = SmtpPool(SmtpSettings(host=box.host, port=box.port))
    try:
        with pytest.raises(PermanentFailure, match="550"):
            pool.send(message("permfail@school.test"))
        with pytest.raises(TemporaryFailure, match="451"):
            pool.send(message("tempfail@school.test"))
    finally:
        pool.close()
        box.stop()
    with pytest.raises(TemporaryFailure):
        SmtpPool(SmtpSettings(host=box.host, port=box.port, timeout=2)).send(message("x@y.test"))


def test_credentials_are_used_when_set(tmp_path):
    box = Mailbox(tmp_path / "mail", auth=("hub", "s3cret-pass")).start()
    settings = SmtpSettings(host=box.host, port=box.port, username="hub", password="s3cret-pass")
    try:
        SmtpPool(settings).send(message("authed@school.test"))
        eventually(lambda: box.to("authed@school.test"))
        with pytest.raises(PermanentFailure, match="530"):  # the server wants them
            SmtpPool(SmtpSettings(host=box.host, port=box.port)).send(message("x@school.test"))
    finally:
        box.stop()
