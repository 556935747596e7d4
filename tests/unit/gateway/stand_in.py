"""Standing a page module's RPCs in: ``replace_calls(monkeypatch, module, fake)`` makes the
module's ``call`` the fake, and its ``call_all`` (calls sent together) the fake once per call,
a service's refusal kept in its answer's place when asked, as ``gateway.rpc.call_all`` does.
Pages name an RPC by its declaration (``EventsClient.get_event``); the fake is asked as
``fake(service, method, *args)``."""

from contracts.clients.base import Rpc
from contracts.errors import ServiceError


def by_name(fake):
    """``fake(service, method, *args)`` as a page's ``call(rpc, *args)``."""

    def call(rpc, *args):
        if isinstance(rpc, Rpc):
            return fake(rpc.service, rpc.name, *args)
        return fake(rpc, *args)

    return call


def all_of(fake):
    named = by_name(fake)

    def call_all(*calls, keep_errors=False):
        answers = []
        for one in calls:
            try:
                answers.append(named(*one))
            except ServiceError as refused:
                if not keep_errors:
                    raise
                answers.append(refused)
        return answers

    return call_all


def replace_calls(monkeypatch, module, fake) -> None:
    monkeypatch.setattr(module, "call", by_name(fake))
    if hasattr(module, "call_all"):
        monkeypatch.setattr(module, "call_all", all_of(fake))
