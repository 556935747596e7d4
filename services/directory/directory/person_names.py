"""People named beside their ids in answers a person reads: ``{person_id, person_name,
school_urn, school_name}`` for a list of ids (two queries, whatever the length)."""

from directory.storage import Person, School


def named_people(person_ids: list[str]) -> list[dict]:
    """Each id (in order) with the person's name and school; an id the directory no longer
    knows keeps null names."""
    people = {
        p.id: p for p in Person.objects(id__in=list(person_ids)).only("id", "name", "school_urn")
    }
    urns = {p.school_urn for p in people.values() if p.school_urn is not None}
    schools = {s.urn: s.name for s in School.objects(urn__in=list(urns)).only("urn", "name")}
    out = []
    for person_id in person_ids:
        person = people.get(person_id)
        urn = person.school_urn if person else None
        out.append(
            {
                "person_id": person_id,
                "person_name": person.name if person else None,
                "school_urn": urn,
                "school_name": schools.get(urn),
            }
        )
    return out
