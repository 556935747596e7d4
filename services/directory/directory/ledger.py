"""The support ledger: days a school gave and received through brokerage cases (pure)."""

COUNTED = ("active", "closed")


def case_days(case: dict) -> float:
    """Days a case counts for: what was delivered once closed, else what was agreed."""
    if case["status"] == "closed" and case.get("days_delivered") is not None:
        return case["days_delivered"]
    return case["days"]


def school_ledger(urn: int, cases: list[dict], academic_year: str | None = None) -> dict:
    """Totals and entries for ``urn`` over active and closed cases (of ``academic_year``)."""
    entries = []
    for case in cases:
        if case["status"] not in COUNTED:
            continue
        if academic_year and case.get("academic_year") != academic_year:
            continue
        for direction, mine, other in (
            ("given", "provider_urn", "receiver"),
            ("received", "receiver_urn", "provider"),
        ):
            if case[mine] == urn:
                entries.append(
                    {
                        "case_id": case["id"],
                        "direction": direction,
                        "counterpart_urn": case[f"{other}_urn"],
                        "counterpart_name": case.get(f"{other}_name", ""),
                        "area": case.get("area", ""),
                        "days": case_days(case),
                        "academic_year": case.get("academic_year", ""),
                        "status": case["status"],
                    }
                )
    given = sum(e["days"] for e in entries if e["direction"] == "given")
    received = sum(e["days"] for e in entries if e["direction"] == "received")
    return {
        "urn": urn,
        "academic_year": academic_year,
        "days_given": given,
        "days_received": received,
        "balance": given - received,
        "entries": entries,
    }
