"""A person's data from every service as one zip archive: ``<service>.json`` each (the service's
``export_person`` answer) and ``manifest.json`` (``generated_at``, ``person_id``, ``services``:
each file with how many records of each kind it holds). Pure: no I/O but the bytes it returns.

>>> data = archive("p1", {"events": {"service": "events", "person_id": "p1",
...     "records": {"bookings": [{"id": "b1"}]}}}, datetime(2026, 1, 2, tzinfo=UTC))
>>> with zipfile.ZipFile(io.BytesIO(data)) as z:
...     sorted(z.namelist()), json.loads(z.read("manifest.json"))["services"][0]["records"]
(['events.json', 'manifest.json'], {'bookings': 1})
"""

import io
import json
import zipfile
from datetime import UTC, datetime


def manifest(person_id: str, exports: dict[str, dict], at: datetime) -> dict:
    """What the archive holds (``manifest.json``)."""
    return {
        "generated_at": at.astimezone(UTC).isoformat(),
        "person_id": person_id,
        "services": [
            {
                "service": name,
                "file": f"{name}.json",
                "records": {kind: len(items) for kind, items in sorted(export["records"].items())},
            }
            for name, export in exports.items()
        ],
    }


def archive(person_id: str, exports: dict[str, dict], at: datetime) -> bytes:
    """The zip archive of ``exports`` (service name -> its ``export_person`` answer)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, export in exports.items():
            z.writestr(f"{name}.json", json.dumps(export, indent=2, sort_keys=True))
        z.writestr("manifest.json", json.dumps(manifest(person_id, exports, at), indent=2))
    return buffer.getvalue()


def filename(person_id: str, at: datetime) -> str:
    """``person-data-<id>-<date>.zip`` (the id keeps only letters, digits, ``-`` and ``_``).

    >>> filename("ab/c", datetime(2026, 1, 2, tzinfo=UTC))
    'person-data-abc-2026-01-02.zip'
    """
    safe = "".join(ch for ch in person_id if ch.isalnum() or ch in "-_")[:64]
    return f"person-data-{safe}-{at.date().isoformat()}.zip"
