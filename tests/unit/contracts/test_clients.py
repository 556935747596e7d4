"""Each typed client declares exactly the RPCs its service serves, and each declaration names a
schema (or a plain type) for what it answers."""

import importlib
import inspect

import pytest
from marshmallow import Schema
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc as RpcEntrypoint

from contracts.clients.base import PLAIN, BrokenContract, Rpc, ServiceClient

SERVICES = {
    "directory": ("directory.service", "DirectoryService", "DirectoryClient"),
    "events": ("events.service", "EventsService", "EventsClient"),
    "notifications": ("notifications.service", "NotificationsService", "NotificationsClient"),
    "community": ("community.service", "CommunityService", "CommunityClient"),
}


def served_rpcs(service_class: type) -> set[str]:
    names = set()
    for name, member in inspect.getmembers(service_class, inspect.isfunction):
        for entrypoint in getattr(member, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, RpcEntrypoint):
                names.add(name)
    return names


def client_of(service: str) -> type[ServiceClient]:
    module = importlib.import_module(f"contracts.clients.{service}")
    return getattr(module, SERVICES[service][2])


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_client_declares_every_rpc_the_service_serves_and_no_other(service):
    module, class_name, _ = SERVICES[service]
    service_class = getattr(importlib.import_module(module), class_name)
    client = client_of(service)
    assert client.service == service
    declared = {rpc.name for rpc in client.rpcs()}
    served = served_rpcs(service_class)
    assert served, f"no RPC found on {class_name}"
    assert declared - served == set(), "declared but not served"
    assert served - declared == set(), "served but not declared"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_declaration_names_what_it_takes_and_answers(service):
    for rpc in client_of(service).rpcs():
        assert rpc.route == f"{service}.{rpc.name}"
        assert rpc.takes is None or issubclass(rpc.takes, Schema), rpc
        assert rpc.returns is None or rpc.returns in PLAIN or issubclass(rpc.returns, Schema), rpc


class Answer(Schema):
    from marshmallow import fields as _fields

    id = _fields.String(required=True)


class Example(ServiceClient):
    service = "example"
    one = Rpc(returns=Answer)
    many = Rpc(returns=Answer, many=True)
    count = Rpc(returns=int)
    flag = Rpc(returns=bool)
    nothing = Rpc()


def test_an_answer_in_its_declared_shape_passes_unchanged():
    assert Example.one.check({"id": "a"}) == {"id": "a"}
    assert Example.many.check([{"id": "a"}, {"id": "b"}]) == [{"id": "a"}, {"id": "b"}]
    assert Example.count.check(3) == 3
    assert Example.flag.check(False) is False
    assert Example.nothing.check(None) is None


@pytest.mark.parametrize(
    ("rpc", "answer", "named"),
    [
        (Example.one, {"id": "a", "extra": 1}, "extra"),
        (Example.one, {}, "id"),
        (Example.many, [{"id": "a"}, {"di": "b"}], "di"),
        (Example.count, "3", "str"),
        (Example.count, True, "bool"),
        (Example.flag, 1, "int"),
        (Example.nothing, {"id": "a"}, "dict"),
    ],
)
def test_an_answer_outside_its_shape_is_a_broken_contract_naming_what_is_wrong(rpc, answer, named):
    with pytest.raises(BrokenContract) as broken:
        rpc.check(answer)
    assert rpc.route in str(broken.value)
    assert named in str(broken.value)
