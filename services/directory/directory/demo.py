"""The demo partnership that ``make run`` seeds: twelve synthetic schools in four
clusters, the seven strategic groups with chairs and secretaries, people, support offers and the
demo accounts named in API.md; each school with a headteacher has them as its designated
approver. Seeding twice changes nothing; seeding again restores the demo logins (password,
name, school, roles, Northshore's approver) that a run changed (``demo_accounts``)."""

from datetime import UTC, date, datetime

from contracts.errors import Conflict
from directory import demo_accounts, gias_import, groups, offers, people, support_areas
from directory.domain import academic_year
from directory.gias import SchoolRow, open_gias, read_rows
from directory.gias_sample import SAMPLE
from directory.storage import Cluster, Offer, Person, School, StrategicGroup, raw, stamp

CLUSTERS = {"north": "North", "south": "South", "central": "Central", "east": "East"}
GROUPS = {
    "achievement": ("Achievement", []),
    "inclusion": ("Inclusion", []),
    "finance": ("Finance and best value", []),
    "cpd": ("CPD", []),
    "curriculum": ("Curriculum development", ["Primary", "Secondary"]),
    "behaviour": ("Behaviour and safety", []),
    "business-managers": ("Business managers", []),
}
FIRST_SCHOOL_URN = 900001
ACCOUNTS = [
    ("coordinator@demo.partnership.test", "Casey Coordinator", None, ["coordinator"]),
    ("la.officer@demo.partnership.test", "Lee Officer", None, ["la_officer"]),
    ("head@northshore.demo.partnership.test", "Hana Head", FIRST_SCHOOL_URN, ["headteacher"]),
    ("admin@northshore.demo.partnership.test", "Adi Admin", FIRST_SCHOOL_URN, ["school_admin"]),
    ("teacher@northshore.demo.partnership.test", "Tom Teacher", FIRST_SCHOOL_URN, ["teacher"]),
]
# Further demo people (no password: they cannot log in): email, name, school, roles, extra.
PEOPLE = [
    ("head@gullwing.demo.partnership.test", "Gita Gullwing", 900002, ["headteacher"], {}),
    ("head@pierview.demo.partnership.test", "Pat Pier", 900003, ["headteacher"], {}),
    ("head@tideway.demo.partnership.test", "Tess Tide", 900004, ["headteacher"], {}),
    ("senco@northshore.demo.partnership.test", "Sam Senco", FIRST_SCHOOL_URN, ["senco"], {}),
    ("senco@marram.demo.partnership.test", "Mo Marram", 900006, ["senco"], {}),
    (
        "phonics@gullwing.demo.partnership.test",
        "Priya Phonics",
        900002,
        ["teacher"],
        {"year_groups": ["Reception", "Year 1"], "subjects": ["English"]},
    ),
    (
        "maths@pierview.demo.partnership.test",
        "Max Maths",
        900003,
        ["teacher"],
        {"year_groups": ["Year 5", "Year 6"], "subjects": ["Maths"]},
    ),
    ("bm@sandhill.demo.partnership.test", "Bea Bursar", 900005, ["business_manager"], {}),
    ("deputy@harbourgate.demo.partnership.test", "Dev Deputy", 900012, ["deputy_head"], {}),
]
OFFICES = {
    "achievement": ("head@pierview", "deputy@harbourgate"),
    "inclusion": ("senco@marram", "senco@northshore"),
    "finance": ("head@tideway", "bm@sandhill"),
    "cpd": ("head@gullwing", "phonics@gullwing"),
    "curriculum": ("maths@pierview", "phonics@gullwing"),
    "behaviour": ("head@tideway", "deputy@harbourgate"),
    "business-managers": ("bm@sandhill", "head@gullwing"),
}
# Demo offers: id, practitioner (email prefix) or None, school, area, title, phases, days.
OFFERS = [
    (
        "demo-offer-phonics",
        "phonics@gullwing",
        900002,
        "phonics",
        "Phonics catch-up coaching",
        ["Primary"],
        10,
    ),
    (
        "demo-offer-maths",
        "maths@pierview",
        900003,
        "maths",
        "Mastery maths in upper KS2",
        ["Primary"],
        8,
    ),
    ("demo-offer-send", "senco@marram", 900006, "send", "SEND provision mapping", [], 6),
    (
        "demo-offer-leadership",
        "head@tideway",
        900004,
        "leadership",
        "Coaching new headteachers",
        [],
        5,
    ),
    ("demo-offer-behaviour", None, 900005, "behaviour", "Whole-school behaviour systems", [], 12),
    (
        "demo-offer-attendance",
        None,
        900008,
        "attendance",
        "Attendance improvement toolkit",
        ["Primary", "Secondary"],
        4,
    ),
]
REPORT_CARDS = {
    900007: {
        "inspected_on": datetime(2026, 1, 20),
        "grades": {
            "inclusion": "expected_standard",
            "curriculum_and_teaching": "needs_attention",
            "achievement": "needs_attention",
            "attendance_and_behaviour": "strong_standard",
            "personal_development_and_wellbeing": "expected_standard",
            "leadership_and_governance": "expected_standard",
        },
        "safeguarding": "met",
    },
}


def _email(prefix: str) -> str:
    return f"{prefix}.demo.partnership.test"


def _register(email, name, urn, roles, password=None, **extra) -> None:
    try:
        people.register_person(
            {
                "email": email,
                "name": name,
                "school_urn": urn,
                "roles": roles,
                "password": password,
                **extra,
            }
        )
    except Conflict:
        pass


def seed(password: str) -> dict:
    """Create whatever of the demo partnership is missing; returns counts of what exists."""
    today = datetime.now(UTC).date()
    with open_gias(str(SAMPLE)) as lines:
        rows = [r for r in read_rows(lines, la_code="890") if isinstance(r, SchoolRow)]
    gias_import.import_schools([r for r in rows if not School.objects(urn=r.urn).count()])
    for key, name in CLUSTERS.items():
        Cluster.objects(id=key).update_one(set__name=name, upsert=True)
    for key, (name, phases) in GROUPS.items():
        raw(StrategicGroup).update_one(
            {"_id": key},
            {
                "$set": {"name": name},
                "$setOnInsert": {
                    "phases": phases,
                    "members": [],
                    "offices": [],
                    "version": 0,
                    "outbox": [],
                },
            },
            upsert=True,
        )
    keys = list(CLUSTERS)
    for i, row in enumerate(sorted(rows, key=lambda r: r.urn)):
        School.objects(urn=row.urn, cluster=None).update_one(
            set__cluster=keys[i % len(keys)], set__rev=stamp()
        )
    for urn, card in REPORT_CARDS.items():
        raw(School).update_one(
            {"_id": urn, "report_card": None}, {"$set": {"report_card": card, "rev": stamp()}}
        )
    year = academic_year(today)
    raw(School).update_many(
        {"_id": {"$in": [900003, 900010]}, "moderation_selected_years": {"$ne": year}},
        {"$push": {"moderation_selected_years": year}, "$set": {"rev": stamp()}},
    )
    logins = {
        email: demo_accounts.restore(email, name, urn, roles, password)
        for email, name, urn, roles in ACCOUNTS
    }
    for email, name, urn, roles, extra in PEOPLE:
        _register(email, name, urn, roles, **extra)
    ids = {p.email: p.id for p in Person.objects.only("id", "email")}
    # each demo school's headteacher is its designated approver of bookings
    for head in Person.objects(roles="headteacher", school_urn__ne=None).only("id", "school_urn"):
        raw(School).update_one(
            {"_id": head.school_urn, "approver_person_id": None},
            {"$set": {"approver_person_id": head.id, "rev": stamp()}},
        )
    demo_accounts.restore_approver(logins[ACCOUNTS[2][0]], FIRST_SCHOOL_URN)
    term_start = date(int(year[:4]), 9, 1)
    for key, (chair, secretary) in OFFICES.items():
        if StrategicGroup.objects(id=key, offices__size=0).count():
            for office, who in (("chair", chair), ("secretary", secretary)):
                groups.assign_office(
                    key,
                    {
                        "office": office,
                        "person_id": ids[_email(who)],
                        "starts_on": term_start,
                        "ends_on": date(term_start.year + 2, 8, 31),
                    },
                    today,
                )
    support_areas.ensure_default_areas()
    for offer_id, who, urn, area, title, phases, days in OFFERS:
        if Offer.objects(id=offer_id).count():
            continue
        offers.create_offer(
            {
                "school_urn": urn,
                "person_id": ids[_email(who)] if who else None,
                "area": area,
                "title": title,
                "description": f"{title}: visits, modelling and follow-up (demo).",
                "phases": phases,
                "academic_year": year,
                "capacity_days": float(days),
                "evidence": {"accreditations": [], "endorsements": []},
            },
            today,
            offer_id=offer_id,
        )
    return {
        "schools": School.objects.count(),
        "accounts": len(ACCOUNTS),
        "people": Person.objects.count(),
        "clusters": len(CLUSTERS),
        "groups": len(GROUPS),
        "offers": Offer.objects.count(),
    }
