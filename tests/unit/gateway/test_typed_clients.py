"""The typed clients where they are used: a service's ``ServiceRpc`` proxy calls only declared
RPCs and checks their answers; the gateway answers 502 (API) or an error page (web) when a
service's answer breaks its contract, and checks nothing when told to trust."""

import pytest

from contracts.caller import Caller
from contracts.clients.base import BrokenContract
from contracts.clients.directory import DirectoryClient
from gateway import auth
from gateway import rpc as gateway_rpc
from gateway.app import create_app
from runtime.clients import TypedProxy

SCHOOL = {"urn": 100001, "name": "Hill Primary", "phase": "Primary", "type": "Academy"}


class NamekoProxy:
    """nameko's ServiceProxy as far as TypedProxy sees it: attributes that call."""

    def __init__(self, answer):
        self.answer = answer
        self.asked: list = []

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.asked.append((name, args, kwargs)) or self.answer


def test_a_declared_rpc_is_called_and_its_answer_checked():
    proxy = NamekoProxy(SCHOOL)
    directory = TypedProxy(proxy, DirectoryClient)
    assert directory.get_school(100001, caller=None) == SCHOOL
    assert proxy.asked == [("get_school", (100001,), {"caller": None})]


def test_an_answer_outside_the_contract_is_refused_naming_the_field():
    directory = TypedProxy(NamekoProxy({**SCHOOL, "colour": "red"}), DirectoryClient)
    with pytest.raises(BrokenContract, match="colour"):
        directory.get_school(100001)


def test_an_rpc_the_client_does_not_declare_is_an_attribute_error_before_any_call():
    proxy = NamekoProxy(SCHOOL)
    with pytest.raises(AttributeError, match="get_skool"):
        TypedProxy(proxy, DirectoryClient).get_skool(1)
    assert proxy.asked == []


class Pool:
    """The gateway's RPC pool answering every call with ``answer``."""

    def __init__(self, answer, check_answers=True):
        self.answer = answer
        self.check_answers = check_answers

    def call(self, correlation_id, service, method, *args, **kwargs):
        return self.answer

    ask = gateway_rpc.RpcPool.ask
    checked = gateway_rpc.RpcPool.checked

    def close(self):
        pass


@pytest.fixture
def app(monkeypatch):
    """The gateway with a teacher signed in (the token's checks stood in for)."""
    teacher = Caller(id="t1", roles=("teacher",), school_urn=100001, name="Tia Teacher")
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": teacher.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: teacher)
    app = create_app({"TESTING": True, "INBOX_FEED": False, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    yield app


def get_school(app):
    return app.test_client().get(
        "/api/v1/schools/100001", headers={"Authorization": "Bearer token"}
    )


def test_the_api_answers_502_when_a_service_breaks_its_contract(app):
    app.extensions["rpc_pool"] = Pool({**SCHOOL, "colour": "red"})
    response = get_school(app)
    assert response.status_code == 502
    assert response.json["error"]["code"] == "BAD_GATEWAY"
    assert "colour" not in response.get_data(as_text=True)


def test_the_api_passes_an_answer_in_its_contract_through(app):
    app.extensions["rpc_pool"] = Pool(SCHOOL)
    response = get_school(app)
    assert response.status_code == 200
    assert response.json["urn"] == 100001


def test_a_trusting_gateway_checks_nothing(app):
    app.extensions["rpc_pool"] = Pool({**SCHOOL, "colour": "red"}, check_answers=False)
    assert get_school(app).status_code == 200
