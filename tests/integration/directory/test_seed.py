"""``directory seed-demo`` (the command ``make run`` runs) against a real SecantusDB: run again
after a session changed the demo logins, it restores each one as the README lists it (password,
name, school, roles, Northshore's approver, no sign-in lockout), telling the other services
through the outbox; run again on an untouched partnership it changes nothing."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from directory import accounts, people
from directory.demo import ACCOUNTS
from directory.passwords import hash_password
from directory.storage import Person, School, SignInThrottle, connect_store, raw

BIN = Path(sys.executable).parent
PASSWORD = "demo-password"
COORDINATOR, _, HEAD, ADMIN, TEACHER = (account[0] for account in ACCOUNTS)


@pytest.fixture
def seed(mongo_uri, mongo_db):
    """Runs ``directory seed-demo`` as a person would; the test reads the same database."""
    env = {**os.environ, "MONGO_URI": mongo_uri, "DIRECTORY_DB": mongo_db}
    env["DEMO_PASSWORD"] = PASSWORD

    def run() -> str:
        out = subprocess.run(
            [str(BIN / "directory"), "seed-demo"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr
        assert out.stderr == ""
        return out.stdout

    run()
    connect_store(mongo_uri, mongo_db)
    return run


def person(email: str) -> Person:
    return Person.objects.get(email=email)


def signs_in(email: str, password: str = PASSWORD) -> bool:
    try:
        accounts.authenticate(email, password, None, accounts.Limits(), datetime.now(UTC))
    except Exception:  # noqa: BLE001 - Unauthorized or TooManyRequests
        return False
    return True


def outbox_names(email: str) -> list[str]:
    return [entry["name"] for entry in person(email).outbox]


def test_seed_restores_demo_logins_a_run_changed(seed):
    teacher, head, admin = person(TEACHER), person(HEAD), person(ADMIN)
    # what a session of the demo may leave behind
    accounts.change_password(
        teacher.id, PASSWORD, "changed-password", accounts.Limits(), datetime.now(UTC)
    )
    people.assign_role(teacher.id, {"role": "coordinator", "assigned": True})
    people.assign_role(teacher.id, {"role": "teacher", "assigned": False})
    people.update_person(admin.id, {"name": "Someone Else", "school_urn": 900002})
    people.update_person(head.id, {"school_urn": 900003})  # no longer Northshore's approver
    raw(Person).update_one({"_id": person(COORDINATOR).id}, {"$set": {"password_hash": None}})
    raw(SignInThrottle).update_one(
        {"_id": accounts.account_key(HEAD)},
        {"$set": {"failures": 9, "blocked_until": datetime.now(UTC) + timedelta(hours=1)}},
        upsert=True,
    )
    assert not signs_in(TEACHER) and not signs_in(COORDINATOR) and not signs_in(HEAD)
    versions = {email: person(email).token_version for email in (TEACHER, ADMIN, HEAD)}

    seed()

    for email, name, urn, roles in ACCOUNTS:
        restored = person(email)
        assert (restored.name, restored.school_urn, sorted(restored.roles)) == (
            name,
            urn,
            sorted(roles),
        ), email
        assert signs_in(email), email
    assert School.objects.get(urn=900001).approver_person_id == head.id
    # the other services hear of each repair, and tokens from before it end
    assert {"role_assigned", "role_removed"} <= set(outbox_names(TEACHER))
    assert "person_updated" in outbox_names(ADMIN)
    assert "sessions_revoked" in outbox_names(TEACHER)
    for email, before in versions.items():
        assert person(email).token_version > before, email


def test_seed_on_an_untouched_partnership_changes_no_login(seed):
    before = {email: person(email).to_mongo().to_dict() for email, *_ in ACCOUNTS}
    seed()
    for email, *_ in ACCOUNTS:
        assert person(email).to_mongo().to_dict() == before[email], email


def test_seed_drops_a_pending_reset_code_and_keeps_a_good_password(seed):
    teacher = person(TEACHER)
    pending = {"reset_token_hash": hash_password("code"), "reset_expires_at": datetime.now(UTC)}
    raw(Person).update_one({"_id": teacher.id}, {"$set": pending})
    seed()
    restored = person(TEACHER)
    assert restored.reset_token_hash is None
    assert restored.token_version == teacher.token_version
    assert signs_in(TEACHER)
