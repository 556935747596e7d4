"""People's data over HTTP: ``GET /people/{id}/export`` (a zip of every service's records about
the person), ``POST /people/{id}/erasure`` and ``GET /people/{id}/erasure``. Each service decides
who may (its policy module); the gateway refuses early whom every service would refuse
(``contracts.privacy``), before asking four of them."""

from datetime import UTC, datetime

from flask import Response, g

from contracts.caller import deny
from contracts.clients.community import CommunityClient
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.clients.notifications import NotificationsClient
from contracts.privacy import ErasureSchema, may_erase, may_use_own_data
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.privacy_archive import archive, filename
from gateway.rpc import call, call_all

blp = Blueprint("privacy", __name__, description="People's data: export and erasure")
EXPORTERS = (DirectoryClient, EventsClient, NotificationsClient, CommunityClient)


def export_archive(person_id: str) -> Response:
    """The zip of ``person_id``'s data as the signed-in caller may have it (also the pages')."""
    if not may_use_own_data(g.caller, person_id):
        raise deny("Only the person themself or the coordinator may export their data.")
    answers = call_all(*((client.export_person, person_id) for client in EXPORTERS))
    exports = {answer["service"]: answer for answer in answers}
    at = datetime.now(UTC)
    return Response(
        archive(person_id, exports, at),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename(person_id, at)}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@blp.route("/people/<person_id>/export", methods=["GET"])
@login_required
@blp.alt_response(
    200, description="A zip: manifest.json and one JSON file per service", success=True
)
def export_person(person_id):
    """Everything every service holds about the person, as one zip archive (the person
    themself or the coordinator). 403, 404."""
    return export_archive(person_id)


@blp.route("/people/<person_id>/erasure", methods=["POST"])
@login_required
@blp.alt_response(202, schema=ErasureSchema, success=True)
def erase_person(person_id):
    """Erase the person (the coordinator): the directory anonymises them and announces it;
    every other service removes or anonymises what it holds. 202 with the erasure; 403, 404."""
    if not may_erase(g.caller):
        raise deny("Only the coordinator may erase a person's data.")
    return call(DirectoryClient.erase_person, person_id), 202


@blp.route("/people/<person_id>/erasure", methods=["GET"])
@login_required
@blp.alt_response(200, schema=ErasureSchema, success=True)
def get_erasure(person_id):
    """How the person's erasure goes: when each service finished (null: not yet), ``complete``
    once all have (the coordinator). 403; 404 when none was requested."""
    return call(DirectoryClient.get_erasure, person_id)
