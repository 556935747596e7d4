"""The coordinator's message to the holders of a role over HTTP ("every headteacher in the north
cluster", "the chairs of all groups"): each person once, inbox and email by preference, the
answer says how many; delivery records name the person and their school."""

import uuid

from support.platform import DEMO_SCHOOL_URN
from support.waiting import eventually

URL = "/api/v1/notifications/messages"


def _deliveries(coordinator, person_id, subject):
    found = coordinator.get(
        "/api/v1/notifications/deliveries", params={"person_id": person_id, "per_page": 200}
    ).json()["items"]
    return [d for d in found if d["subject"] == subject]


def test_a_message_to_the_heads_of_a_cluster_reaches_each_head_there(as_user):
    coordinator, head = as_user("coordinator"), as_user("headteacher")
    cluster = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()["cluster"]
    heads = coordinator.get(
        "/api/v1/people", params={"role": "headteacher", "cluster": cluster, "per_page": 200}
    ).json()["items"]
    subject = f"Heads' briefing {uuid.uuid4().hex[:6]}"

    sent = coordinator.post(
        URL,
        json={"subject": subject, "body": "Please bring data.", "role": "headteacher",
              "cluster": cluster.upper()},
    )  # fmt: skip

    assert sent.status_code == 201, sent.text
    assert sent.json()["sent_to"] == len(heads) >= 1
    inbox = eventually(
        lambda: [n for n in head.get("/api/v1/me/notifications").json()["items"]
                 if n["title"] == subject]
    )  # fmt: skip
    assert inbox[0]["body"] == "Please bring data."
    me = head.get("/api/v1/me").json()
    (delivery,) = eventually(lambda: _deliveries(coordinator, me["id"], subject))
    assert delivery["person_name"] == me["name"]
    school = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    assert (delivery["school_urn"], delivery["school_name"]) == (DEMO_SCHOOL_URN, school["name"])


def test_the_chairs_of_all_groups_hear_once_each(as_user):
    coordinator = as_user("coordinator")
    groups = coordinator.get("/api/v1/groups").json()["items"]
    chairs = {g["chair_person_id"] for g in groups if g.get("chair_person_id")}
    assert len(chairs) < len([g for g in groups if g.get("chair_person_id")])  # one chairs two
    subject = f"Chairs' meeting {uuid.uuid4().hex[:6]}"

    sent = coordinator.post(URL, json={"subject": subject, "body": "Agenda.", "role": "chair"})

    assert sent.status_code == 201, sent.text
    assert sent.json()["sent_to"] == len(chairs)
    for chair in chairs:
        assert len(eventually(lambda chair=chair: _deliveries(coordinator, chair, subject))) == 1


def test_only_the_coordinator_sends_and_bad_input_is_named(as_user):
    message = {"subject": "Hello", "body": "Hi.", "role": "senco"}
    refused = as_user("headteacher").post(URL, json=message)
    assert refused.status_code == 403 and refused.json()["error"]
    coordinator = as_user("coordinator")
    cases = {
        "role": {**message, "role": "wizard"},
        "cluster": {**message, "cluster": "Atlantis"},
        "group_id": {**message, "role": "chair", "group_id": "no-such-group"},
        "school_urn": {**message, "school_urn": 123},
        "subject": {"body": "Hi.", "role": "senco"},
    }
    for field, body in cases.items():
        answer = coordinator.post(URL, json=body)
        assert answer.status_code == 422, (field, answer.text)
        assert field in answer.json()["error"]["fields"], (field, answer.text)
