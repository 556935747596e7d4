"""Demand views and pathway progress as pure functions."""

from collections import defaultdict


def demand_rows(requests: list[dict], audits: list[dict], by: str) -> list[dict]:
    """Demand grouped ``by`` topic, cluster or strategic group: requests, their supporters, audit
    of need mentions and schools involved; biggest demand first.

    >>> rows = demand_rows([{"topic": "Phonics", "supporters": ["a"], "school_urn": 1}],
    ...                    [{"priorities": ["phonics"], "school_urn": 2}], "topic")
    >>> (rows[0]["key"], rows[0]["requests"], rows[0]["audit_mentions"], rows[0]["schools"])
    ('phonics', 1, 1, 2)
    >>> rows[0]["label"]  # the topic as someone first wrote it, for people to read
    'Phonics'
    """
    rows: dict = defaultdict(
        lambda: {
            "requests": 0,
            "supporters": 0,
            "audit_mentions": 0,
            "schools": set(),
            "label": None,
        }
    )
    for request in requests:
        key = _key(request, by)
        row = rows[key]
        if by == "topic" and row["label"] is None:
            row["label"] = (request.get("topic") or "").strip() or None
        row["requests"] += 1
        row["supporters"] += len(request.get("supporters") or [])
        if request.get("school_urn") is not None:
            row["schools"].add(request["school_urn"])
    for audit in audits:
        for priority in audit.get("priorities") or []:
            key = priority.strip().lower() if by == "topic" else _key(audit, by)
            row = rows[key]
            if by == "topic" and row["label"] is None:
                row["label"] = priority.strip() or None
            row["audit_mentions"] += 1
            row["schools"].add(audit.get("school_urn"))
    result = [
        {**row, "key": key, "schools": len(row["schools"] - {None})} for key, row in rows.items()
    ]
    result.sort(
        key=lambda r: (-(r["requests"] + r["supporters"] + r["audit_mentions"]), str(r["key"]))
    )
    return result


def _key(item: dict, by: str) -> object:
    if by == "topic":
        return (item.get("topic") or "").strip().lower()
    return item.get(by)


def pathway_progress(course_ids: list[str], completed: set[str], booked: set[str]) -> dict:
    """Which of a pathway's courses a person has completed, has booked, and has still to do."""
    done = [c for c in course_ids if c in completed]
    on = [c for c in course_ids if c in booked and c not in completed]
    remaining = [c for c in course_ids if c not in completed and c not in booked]
    percent = round(100 * len(done) / len(course_ids)) if course_ids else 0
    return {"completed": done, "booked": on, "remaining": remaining, "percent": percent}
