"""Accounts over RPC: sign-in throttling per account and per client address (shared by every
gateway process, since the directory counts), the session a token names, and token versions that
a sign-out, a password change and a role change move on."""

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from nameko.exceptions import deserialize
from nameko.standalone.rpc import ClusterRpcProxy

from contracts.errors import Forbidden, InvalidInput, TooManyRequests, Unauthorized

from .conftest import (
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    HEAD_EMAIL,
    TEACHER_EMAIL,
    caller_for,
)

GOOD = "demo-password"
LIMITS = {
    "SIGNIN_ACCOUNT_FAILURES": 3,
    "SIGNIN_ADDRESS_FAILURES": 6,
    "SIGNIN_BASE_DELAY_SECONDS": 1,
    "SIGNIN_MAX_DELAY_SECONDS": 4,
}


@pytest.fixture
def directory_settings():
    return LIMITS


def sign_in(rpc, email, password, address=None):
    """'ok', 'wrong' or ('throttled', retry_after)."""
    try:
        rpc.directory.authenticate({"email": email, "password": password}, address)
    except Unauthorized:
        return "wrong"
    except TooManyRequests as exc:
        return ("throttled", exc.retry_after)
    return "ok"


def test_a_sign_in_answers_the_account_session_with_its_token_version(directory, rpc):
    session = rpc.directory.authenticate({"email": TEACHER_EMAIL, "password": GOOD}, "10.0.0.1")
    assert set(session) == {"id", "email", "name", "roles", "school_urn", "token_version"}
    assert (session["roles"], session["school_urn"], session["token_version"]) == (
        ["teacher"],
        900001,
        0,
    )
    resolved = rpc.directory.resolve_session({"person_id": session["id"], "token_version": 0})
    assert resolved == session
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": "nobody", "token_version": 0})
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": session["id"], "token_version": 1})


def test_wrong_passwords_for_an_account_are_throttled_with_growing_delays(directory, rpc):
    outcomes = [sign_in(rpc, TEACHER_EMAIL, "wrong-guess") for _ in range(3)]
    assert outcomes == ["wrong"] * 3
    assert sign_in(rpc, TEACHER_EMAIL, "wrong-guess") == ("throttled", 1)
    # while refused, the password is not even checked: the right one is refused too
    assert sign_in(rpc, TEACHER_EMAIL, GOOD) == ("throttled", 1)
    time.sleep(1.1)
    assert sign_in(rpc, TEACHER_EMAIL, "wrong-guess") == "wrong"  # one guess, then twice as long
    refused = sign_in(rpc, TEACHER_EMAIL, "wrong-guess")
    assert refused[0] == "throttled" and refused[1] == 2
    time.sleep(2.1)
    assert sign_in(rpc, TEACHER_EMAIL, GOOD) == "ok"  # a success clears the count
    assert [sign_in(rpc, TEACHER_EMAIL, "x") for _ in range(3)] == ["wrong"] * 3
    # another account is not held up by this one
    assert sign_in(rpc, HEAD_EMAIL, GOOD) == "ok"


def test_a_success_clears_the_accounts_count(directory, rpc):
    assert [sign_in(rpc, TEACHER_EMAIL, "x") for _ in range(2)] == ["wrong", "wrong"]
    assert sign_in(rpc, TEACHER_EMAIL, GOOD) == "ok"
    assert [sign_in(rpc, TEACHER_EMAIL, "x") for _ in range(3)] == ["wrong"] * 3
    assert sign_in(rpc, TEACHER_EMAIL, "x")[0] == "throttled"


def test_unknown_addresses_are_counted_too(directory, rpc):
    ghost = "nobody-here@demo.partnership.test"
    assert [sign_in(rpc, ghost, "x") for _ in range(3)] == ["wrong"] * 3
    assert sign_in(rpc, ghost.upper(), "x")[0] == "throttled"


def test_a_burst_of_parallel_guesses_gets_no_more_than_the_limit_checked(
    directory, rabbit_config, rpc
):
    def guess(_):
        with ClusterRpcProxy(rabbit_config, timeout=20) as proxy:
            return sign_in(proxy, TEACHER_EMAIL, "parallel-guess")

    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(guess, range(12)))
    assert outcomes.count("wrong") == 3
    assert len([o for o in outcomes if o[0] == "throttled"]) == 9


def test_one_client_address_guessing_many_accounts_is_throttled(directory, rpc):
    address = "203.0.113.9"
    outcomes = [sign_in(rpc, f"guess{n}@demo.partnership.test", "x", address) for n in range(6)]
    assert outcomes == ["wrong"] * 6
    refused = sign_in(rpc, TEACHER_EMAIL, GOOD, address)  # right password, throttled address
    assert refused[0] == "throttled"
    assert sign_in(rpc, TEACHER_EMAIL, GOOD, "198.51.100.7") == "ok"  # elsewhere: fine


def test_an_unknown_address_costs_what_a_known_one_costs(directory, rpc):
    def cost(email):
        started = time.perf_counter()
        sign_in(rpc, email, "wrong-password")
        return time.perf_counter() - started

    known, unknown = [], []
    for n in range(2):  # two each, under the account limit of three
        known.append(cost(TEACHER_EMAIL if n == 0 else HEAD_EMAIL))
        unknown.append(cost(f"ghost{n}@demo.partnership.test"))
    # without a hash to check, an unknown address answered many times faster
    assert statistics.median(unknown) > 0.5 * statistics.median(known)


def test_sign_out_ends_every_token_of_the_caller(directory, rpc):
    session = rpc.directory.authenticate({"email": TEACHER_EMAIL, "password": GOOD})
    me = caller_for(TEACHER_EMAIL)
    assert rpc.directory.sign_out(caller=me) == {"status": "signed_out"}
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": session["id"], "token_version": 0})
    assert rpc.directory.resolve_session({"person_id": session["id"], "token_version": 1})
    with pytest.raises(Unauthorized):
        rpc.directory.sign_out(caller=None)


def test_a_password_change_needs_the_current_one_and_ends_every_token(directory, rpc):
    me = caller_for(TEACHER_EMAIL)
    with pytest.raises(InvalidInput) as wrong:
        rpc.directory.change_password(
            {"current_password": "not-it", "new_password": "a-new-password"}, caller=me
        )
    assert list(wrong.value.fields) == ["current_password"]
    with pytest.raises(InvalidInput) as short:
        rpc.directory.change_password(
            {"current_password": GOOD, "new_password": "short"}, caller=me
        )
    assert "new_password" in short.value.fields
    assert rpc.directory.change_password(
        {"current_password": GOOD, "new_password": "a-new-password"}, caller=me
    ) == {"status": "changed"}
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": me["id"], "token_version": 0})
    assert sign_in(rpc, TEACHER_EMAIL, GOOD) == "wrong"
    session = rpc.directory.authenticate({"email": TEACHER_EMAIL, "password": "a-new-password"})
    assert session["token_version"] == 1


def test_a_role_change_ends_the_persons_tokens(directory, rpc):
    teacher = rpc.directory.authenticate({"email": TEACHER_EMAIL, "password": GOOD})
    admin = caller_for(ADMIN_EMAIL)
    granted = rpc.directory.assign_role(teacher["id"], {"role": "senco"}, caller=admin)
    assert "senco" in granted["roles"]
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": teacher["id"], "token_version": 0})
    now = rpc.directory.resolve_session({"person_id": teacher["id"], "token_version": 1})
    assert now["roles"] == ["senco", "teacher"]  # current roles, read fresh
    # granting a role already held changes nothing, and ends nothing
    rpc.directory.assign_role(teacher["id"], {"role": "senco"}, caller=admin)
    assert rpc.directory.resolve_session({"person_id": teacher["id"], "token_version": 1})
    coordinator = caller_for(COORDINATOR_EMAIL)
    rpc.directory.assign_role(
        teacher["id"], {"role": "senco", "assigned": False}, caller=coordinator
    )
    with pytest.raises(Unauthorized):
        rpc.directory.resolve_session({"person_id": teacher["id"], "token_version": 1})


def test_a_service_cannot_sign_out_or_change_a_password(directory, rpc):
    service = {"id": "service:events", "roles": ["service"]}
    with pytest.raises(Forbidden):
        rpc.directory.sign_out(caller=service)
    with pytest.raises(Forbidden):
        rpc.directory.change_password(
            {"current_password": "x", "new_password": "a-new-password"}, caller=service
        )


def test_several_sessions_resolve_in_one_call_each_with_its_own_answer(directory, rpc):
    session = rpc.directory.authenticate({"email": TEACHER_EMAIL, "password": GOOD})
    asked = [
        {"person_id": session["id"], "token_version": session["token_version"]},
        {"person_id": session["id"], "token_version": session["token_version"] + 1},
        {"person_id": "nobody", "token_version": 0},
    ]
    results = rpc.directory.resolve_sessions({"sessions": asked})["results"]
    assert results[0]["session"]["id"] == session["id"]
    assert results[0]["session"]["roles"] == session["roles"]
    assert [deserialize(r["error"]).code for r in results[1:]] == ["UNAUTHORIZED"] * 2
