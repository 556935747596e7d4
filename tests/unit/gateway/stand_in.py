"""Standing a page module's RPCs in: ``replace_calls(monkeypatch, module, fake)`` makes the
module's ``call`` the fake, and its ``call_all`` (calls sent together) the fake once per call,
a service's refusal kept in its answer's place when asked, as ``gateway.rpc.call_all`` does."""

from contracts.errors import ServiceError


def all_of(fake):
    def call_all(*calls, keep_errors=False):
        answers = []
        for one in calls:
            try:
                answers.append(fake(*one))
            except ServiceError as refused:
                if not keep_errors:
                    raise
                answers.append(refused)
        return answers

    return call_all


def replace_calls(monkeypatch, module, fake) -> None:
    monkeypatch.setattr(module, "call", fake)
    if hasattr(module, "call_all"):
        monkeypatch.setattr(module, "call_all", all_of(fake))
