"""The demo partnership that ``make run`` seeds: synthetic schools, four clusters, the strategic
groups
and the demo accounts named in API.md. Seeding twice changes nothing."""

from contracts.errors import Conflict
from directory import usecases
from directory.gias import SchoolRow, open_gias, read_rows
from directory.gias_sample import SAMPLE
from directory.storage import Cluster, School, StrategicGroup

CLUSTERS = {"north": "North", "south": "South", "central": "Central", "east": "East"}
GROUPS = {
    "achievement": "Achievement",
    "inclusion": "Inclusion",
    "finance": "Finance and best value",
    "cpd": "CPD",
    "curriculum": "Curriculum development",
    "behaviour": "Behaviour and safety",
    "business-managers": "Business managers",
}
FIRST_SCHOOL_URN = 900001
ACCOUNTS = [
    ("coordinator@demo.partnership.test", "Casey Coordinator", None, ["coordinator"]),
    ("la.officer@demo.partnership.test", "Lee Officer", None, ["la_officer"]),
    ("head@northshore.demo.partnership.test", "Hana Head", FIRST_SCHOOL_URN, ["headteacher"]),
    ("admin@northshore.demo.partnership.test", "Adi Admin", FIRST_SCHOOL_URN, ["school_admin"]),
    ("teacher@northshore.demo.partnership.test", "Tom Teacher", FIRST_SCHOOL_URN, ["teacher"]),
]


def seed(password: str) -> dict:
    """Create whatever of the demo partnership is missing; returns counts of what exists."""
    with open_gias(str(SAMPLE)) as lines:
        rows = [r for r in read_rows(lines, la_code="890") if isinstance(r, SchoolRow)]
    new_rows = [r for r in rows if not School.objects(urn=r.urn).count()]
    usecases.import_schools(new_rows)
    for key, name in CLUSTERS.items():
        Cluster.objects(id=key).update_one(set__name=name, upsert=True)
    for key, name in GROUPS.items():
        StrategicGroup.objects(id=key).update_one(set__name=name, upsert=True)
    keys = list(CLUSTERS)
    for i, row in enumerate(sorted(rows, key=lambda r: r.urn)):
        School.objects(urn=row.urn, cluster=None).update_one(set__cluster=keys[i % len(keys)])
    for email, name, urn, roles in ACCOUNTS:
        try:
            usecases.register_person(
                {
                    "email": email,
                    "name": name,
                    "school_urn": urn,
                    "roles": roles,
                    "password": password,
                }
            )
        except Conflict:
            pass
    return {"schools": School.objects.count(), "accounts": len(ACCOUNTS), "clusters": len(CLUSTERS)}
