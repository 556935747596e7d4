"""The plain HTTP file server the gateway's uploads and downloads are measured against: a WSGI app
(werkzeug alone, no Flask, no store) that keeps files in a folder.

- ``POST /files`` (multipart/form-data, the file in ``file``, as the gateway takes it) or
  ``PUT /files`` (the raw body): 201 ``{"id", "size"}``.
- ``GET /files/<id>``: the bytes, streamed from disk, with ``Content-Disposition`` and
  ``nosniff`` as the gateway sends them.
- ``GET /ping``: 200, nothing else (the cheapest request).

Served as the gateway is (granian, one process, by ``bench_community.py``), so the ratio measures
the platform's path (gateway, RPC, service, GridFS), not a choice of HTTP server.
``BASELINE_FILES`` names the folder.
"""

import json
import os
import uuid
from pathlib import Path

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import wrap_file

FOLDER = Path(os.environ.get("BASELINE_FILES", "/tmp/baseline-files"))
FOLDER.mkdir(parents=True, exist_ok=True)
ROUTES = Map(
    [
        Rule("/ping", endpoint="ping"),
        Rule("/files", endpoint="upload"),
        Rule("/files/<file_id>", endpoint="download"),
    ]
)


def _json(body: dict, status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def upload(request: Request) -> Response:
    file_id = uuid.uuid4().hex
    target = FOLDER / file_id
    if request.method == "PUT":
        with open(target, "wb") as out:
            while chunk := request.stream.read(1 << 20):
                out.write(chunk)
    elif request.method == "POST":
        sent = request.files.get("file")
        if sent is None:
            return _json({"error": {"fields": {"file": ["Missing."]}}}, 422)
        sent.save(target)
    else:
        raise MethodNotAllowed()
    return _json({"id": file_id, "size": target.stat().st_size}, 201)


def download(request: Request, file_id: str) -> Response:
    target = FOLDER / file_id
    if not file_id.isalnum() or not target.is_file():
        raise NotFound()
    response = Response(
        wrap_file(request.environ, open(target, "rb")),  # noqa: SIM115 - the server closes it
        mimetype="application/octet-stream",
        direct_passthrough=True,
    )
    response.content_length = target.stat().st_size
    response.headers["Content-Disposition"] = f'attachment; filename="{file_id}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def app(environ, start_response):
    request = Request(environ)
    request.max_content_length = 64 * 1024 * 1024
    try:
        endpoint, args = ROUTES.bind_to_environ(environ).match()
        if endpoint == "ping":
            response = Response("", status=200)
        elif endpoint == "upload":
            response = upload(request)
        else:
            response = download(request, **args)
    except HTTPException as error:
        response = error.get_response()
    return response(environ, start_response)
