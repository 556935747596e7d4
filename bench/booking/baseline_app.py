"""The baseline the gateway is measured against: one Flask process with pymongo doing the same
booking (bearer token check, atomic conditional update of the event's counters, insert of the
booking under the one-active-booking unique index) against the same store, without events.

Served as the gateway is (granian, by ``bench_booking.py``), with the same runtime settings: its
start-up objects are frozen out of the garbage collector's view (``runtime.startup``) too.
"""

import os
import uuid
from datetime import UTC, datetime

import jwt
from flask import Flask, jsonify, request
from pymongo import MongoClient, ReturnDocument
from pymongo.errors import DuplicateKeyError

from runtime.startup import freeze_startup_objects

app = Flask(__name__)
client = MongoClient(os.environ["MONGO_URI"], maxPoolSize=64, tz_aware=True)
db = client[os.environ.get("BASELINE_DB", "baseline")]
SECRET = os.environ["JWT_SECRET"]


def _caller():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    try:
        return jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None


@app.post("/api/v1/events/<event_id>/bookings")
def book(event_id):
    claims = _caller()
    if claims is None:
        return jsonify({"error": {"code": "UNAUTHORIZED", "message": "token"}}), 401
    person = (request.get_json(silent=True) or {}).get("person_id") or claims["sub"]
    event = db.events.find_one_and_update(
        {"_id": event_id, "$expr": {"$lt": ["$confirmed_count", "$capacity"]}},
        {"$inc": {"confirmed_count": 1}},
        projection={"title": 1},
        return_document=ReturnDocument.AFTER,
    )
    status = "confirmed"
    if event is None:
        status = "waitlisted"
        event = db.events.find_one_and_update(
            {"_id": event_id},
            {"$inc": {"waitlist_count": 1}},
            projection={"title": 1},
            return_document=ReturnDocument.AFTER,
        )
        if event is None:
            return jsonify({"error": {"code": "NOT_FOUND", "message": "event"}}), 404
    booking = {
        "_id": uuid.uuid4().hex,
        "event_id": event_id,
        "person_id": person,
        "booked_by": claims["sub"],
        "status": status,
        "active": True,
        "created_at": datetime.now(UTC),
    }
    try:
        db.bookings.insert_one(booking)
    except DuplicateKeyError:
        counter = "confirmed_count" if status == "confirmed" else "waitlist_count"
        db.events.update_one({"_id": event_id}, {"$inc": {counter: -1}})
        return jsonify({"error": {"code": "CONFLICT", "message": "already booked"}}), 409
    booking["created_at"] = booking["created_at"].isoformat()
    booking["id"] = booking.pop("_id")
    return jsonify(booking), 201


def setup(capacity: int) -> str:
    """A fresh event for a round (called by the benchmark, not by the app)."""
    db.bookings.create_index(
        [("event_id", 1), ("person_id", 1)],
        unique=True,
        partialFilterExpression={"active": True},
        name="one_active_booking",
    )
    event_id = uuid.uuid4().hex
    db.events.insert_one(
        {
            "_id": event_id,
            "title": "Baseline",
            "capacity": capacity,
            "confirmed_count": 0,
            "waitlist_count": 0,
        }
    )
    return event_id


freeze_startup_objects()
