"""A cluster with its member schools (the directory's ``get_cluster``) and its events from
today on (the events service's ``list_events`` by cluster: meetings, Teachmeets), asked
together; the API route and the web page show the same answer."""

from datetime import UTC, datetime

from marshmallow import Schema, fields

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import NotFound
from gateway.rpc import call_all

MEETINGS = 50  # the next this many


class ClusterMeetingSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    starts_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    venue = fields.String(allow_none=True)
    host_school_urn = fields.Integer(allow_none=True)
    year_group = fields.String(allow_none=True)


class ClusterWithMeetingsSchema(d.ClusterDetailSchema):
    """The cluster, its member schools and its next meetings (first session's start)."""

    meetings = fields.List(fields.Nested(ClusterMeetingSchema), required=True)


def _meeting(event: dict) -> dict:
    first = (event.get("sessions") or [{}])[0]
    return {
        "id": event["id"],
        "title": event["title"],
        "kind": event["kind"],
        "status": event.get("status") or "open",
        "starts_at": first.get("starts_at"),
        "venue": first.get("venue"),
        "host_school_urn": event.get("host_school_urn"),
        "year_group": event.get("year_group"),
    }


def cluster_page(cluster_id: str) -> dict:
    """``ClusterWithMeetingsSchema`` of ``cluster_id``; 404 naming ``cluster_id`` when unknown."""
    if not 0 < len(cluster_id) <= 60:
        raise NotFound(f"No cluster {cluster_id}.", {"cluster_id": ["Unknown cluster."]})
    query = {"cluster": cluster_id, "from": datetime.now(UTC).isoformat(), "per_page": MEETINGS}
    cluster, found = call_all(
        (DirectoryClient.get_cluster, cluster_id),
        (EventsClient.list_events, query),
        keep_errors=True,
    )
    for answer in (cluster, found):
        if isinstance(answer, Exception):
            raise answer
    return {**cluster, "meetings": [_meeting(event) for event in found["items"]]}
