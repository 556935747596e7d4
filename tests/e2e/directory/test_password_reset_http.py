"""A forgotten password over HTTP: the reset code arrives by email at once (and a note in the
inbox, without the code), sets a new password once, and unknown addresses learn nothing."""

import re
import uuid

import requests

from support.platform import Client
from support.waiting import eventually

DEMO_URN = 900001


def test_a_forgotten_password_is_reset_with_the_emailed_code(platform, as_user):
    email = f"forgetful-{uuid.uuid4().hex[:8]}@northshore.demo.partnership.test"
    person = {"email": email, "name": "Fay Forgetful", "school_urn": DEMO_URN, "roles": ["teacher"]}
    person["password"] = "first-password"
    assert as_user("school_admin").post("/api/v1/people", json=person).status_code == 201
    url = platform.url + "/api/v1/auth"

    asked = requests.post(f"{url}/password-reset", json={"email": email.upper()}, timeout=10)
    unknown = requests.post(
        f"{url}/password-reset", json={"email": "nobody@nowhere.test"}, timeout=10
    )
    assert asked.status_code == unknown.status_code == 202
    assert asked.json() == unknown.json() == {"status": "requested"}

    message = eventually(lambda: platform.mailbox.to(email))[0]
    assert "Reset your password" in str(message["Subject"])
    text = platform.mailbox.parts(message)["text"]
    code = re.search(r"reset code is:\s+(\S+)", text).group(1)

    bad = requests.post(
        f"{url}/password-reset/confirm", json={"token": "x" * 32, "password": "p" * 12}, timeout=10
    )
    assert bad.status_code == 422 and "token" in bad.json()["error"]["fields"]
    short = requests.post(
        f"{url}/password-reset/confirm", json={"token": code, "password": "short"}, timeout=10
    )
    assert short.status_code == 422 and "password" in short.json()["error"]["fields"]
    done = requests.post(
        f"{url}/password-reset/confirm",
        json={"token": code, "password": "second-password"},
        timeout=10,
    )
    assert done.status_code == 200 and done.json() == {"status": "changed"}
    again = requests.post(
        f"{url}/password-reset/confirm",
        json={"token": code, "password": "third-password"},
        timeout=10,
    )
    assert again.status_code == 422

    old = requests.post(
        f"{url}/token", json={"email": email, "password": "first-password"}, timeout=10
    )
    assert old.status_code == 401
    me = Client(platform.url, platform.token(email, "second-password"))
    inbox = eventually(
        lambda: [
            n
            for n in me.get("/api/v1/me/notifications").json()["items"]
            if n["kind"] == "password_reset_requested"
        ]
    )
    assert inbox[0]["title"] == "Reset your password"
    assert code not in inbox[0]["body"]


def test_a_reset_request_needs_a_real_address(platform):
    answer = requests.post(
        platform.url + "/api/v1/auth/password-reset", json={"email": "not an email"}, timeout=10
    )
    assert answer.status_code == 422 and "email" in answer.json()["error"]["fields"]
