"""Wire errors survive nameko's serialisation as themselves; envelopes and loads behave."""

import pytest
from nameko.exceptions import deserialize, serialize

from contracts.common import load
from contracts.envelope import EnvelopeSchema, make_event
from contracts.errors import Conflict, InvalidInput, NotFound
from contracts.events import EventCreateSchema


@pytest.mark.parametrize(
    "error",
    [
        InvalidInput("Invalid input: capacity", {"capacity": ["Must be at least 1."]}),
        NotFound("No event with id x.", {"event_id": ["Unknown event."]}),
        Conflict("Already booked."),
    ],
)
def test_wire_errors_cross_nameko_as_themselves(error):
    back = deserialize(serialize(error))
    assert type(back) is type(error)
    assert (back.message, back.fields, back.status, back.code) == (
        error.message,
        error.fields,
        error.status,
        error.code,
    )


def test_make_event_wraps_a_payload_in_a_fresh_envelope():
    first, second = make_event({"x": 1}, correlation_id="c"), make_event({"x": 1})
    assert first["event_id"] != second["event_id"]
    loaded = EnvelopeSchema().load(EnvelopeSchema().dump(first))
    assert loaded["schema_version"] == 1 and loaded["correlation_id"] == "c"
    assert first["x"] == 1


def test_load_names_every_bad_field():
    with pytest.raises(InvalidInput) as caught:
        load(EventCreateSchema, {"title": "", "kind": "party", "capacity": 0, "sessions": []})
    assert set(caught.value.fields) == {"title", "kind", "capacity", "sessions"}


def test_a_session_must_end_after_it_starts():
    session = {
        "starts_at": "2027-01-01T10:00:00+00:00",
        "ends_at": "2027-01-01T09:00:00+00:00",
        "venue": "Hall",
    }
    with pytest.raises(InvalidInput) as caught:
        load(
            EventCreateSchema,
            {"title": "t", "kind": "course", "capacity": 3, "sessions": [session]},
        )
    assert caught.value.fields["sessions.0.ends_at"] == ["Must be after starts_at."]


def test_a_number_too_large_for_the_store_is_invalid_input_naming_its_field():
    from marshmallow import fields

    from contracts.common import PageQuerySchema, QuerySchema

    schema = QuerySchema.from_dict(
        {"school_urn": fields.Integer(), "tags": fields.List(fields.Integer())}
    )
    with pytest.raises(InvalidInput) as caught:
        load(schema, {"school_urn": 2**70, "tags": [1, -(2**64)]})
    assert caught.value.fields == {
        "school_urn": ["Number too large."],
        "tags": ["Number too large."],
    }
    assert load(PageQuerySchema, {"page": "3"})["page"] == 3
    with pytest.raises(InvalidInput):
        load(PageQuerySchema, {"page": 10**30})


class _Rows:
    """A stand-in for a QuerySet: skip/limit/count over a list."""

    def __init__(self, rows, start=0, size=None):
        self.rows, self.start, self.size = rows, start, size

    def skip(self, n):
        return _Rows(self.rows, n, self.size)

    def limit(self, n):
        return _Rows(self.rows, self.start, n)

    def count(self):
        return len(self.rows)

    def __iter__(self):
        end = None if self.size is None else self.start + self.size
        return iter(self.rows[self.start : end])


def test_paginate_returns_the_asked_page_and_the_whole_total():
    from contracts.common import paginate

    page = paginate(_Rows(list(range(45))), {"page": 3, "per_page": 20}, lambda n: n * 10)
    assert page == {"items": [400, 410, 420, 430, 440], "total": 45}
