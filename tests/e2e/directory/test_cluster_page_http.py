"""A cluster's page over HTTP through every real process: GET /api/v1/clusters/{id} names the
cluster's member schools (the same schools a cluster search finds) with phases and Ofsted
grades, and its meetings from today (the events service's events of the cluster)."""

from datetime import UTC, datetime, timedelta


def test_a_cluster_with_its_member_schools_and_next_meetings(as_user):
    teacher, coordinator = as_user("teacher"), as_user("coordinator")
    start = datetime.now(UTC) + timedelta(days=50)
    meeting = {
        "title": "Central cluster: Year 2",
        "kind": "cluster_meeting",
        "capacity": 30,
        "cluster": "central",
        "host_school_urn": 900003,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "venue": "Pierview",
            }
        ],
    }
    created = coordinator.post("/api/v1/events", json=meeting)
    assert created.status_code == 201, created.text

    answer = teacher.get("/api/v1/clusters/central")
    assert answer.status_code == 200, answer.text
    cluster = answer.json()
    assert (cluster["id"], cluster["name"]) == ("central", "Central")
    searched = teacher.get("/api/v1/schools", params={"cluster": "central", "per_page": 200})
    expected = {s["urn"]: s["name"] for s in searched.json()["items"]}
    assert {s["urn"]: s["name"] for s in cluster["schools"]} == expected
    assert cluster["school_count"] == len(expected) > 0
    assert all(s["phase"] and s["type"] for s in cluster["schools"])
    names = [s["name"] for s in cluster["schools"]]
    assert names == sorted(names, key=str.casefold)
    graded = {s["urn"]: s for s in cluster["schools"]}
    assert graded[900007]["report_card"]["grades"]["achievement"] == "needs_attention"
    assert created.json()["id"] in [m["id"] for m in cluster["meetings"]]
    ours = next(m for m in cluster["meetings"] if m["id"] == created.json()["id"])
    assert (ours["kind"], ours["host_school_urn"]) == ("cluster_meeting", 900003)


def test_an_unknown_cluster_is_404_naming_it(as_user):
    answer = as_user("teacher").get("/api/v1/clusters/nowhere")
    assert answer.status_code == 404
    assert "cluster_id" in answer.json()["error"]["fields"]
    too_long = as_user("teacher").get("/api/v1/clusters/" + "x" * 61)
    assert too_long.status_code == 404
