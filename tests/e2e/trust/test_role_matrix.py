"""Every /api/v1 route for every persona, from the OpenAPI document and the declared matrix
(role_matrix.py): a denial is 403 with the error body, a permitted call is not 403, and a call
without a token is 401. A route with no policy fails the test."""

import base64
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SCHOOL_URN, Client
from support.role_matrix import ALLOWED, PERSONAS, PUBLIC
from support.waiting import eventually

OTHER_URN = 900002
OTHER_HEAD = "matrix.head@gullwing.demo.partnership.test"
SPACE_ID = "cluster-north"  # Northshore's cluster; Gullwing is in South
_counter = itertools.count()


def _when(days: int, hour: int = 9) -> str:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat()


def _course(title: str = "Matrix course") -> dict:
    return {
        "title": f"{title} {next(_counter)}",
        "kind": "course",
        "capacity": 100,
        "sessions": [{"starts_at": _when(60), "ends_at": _when(60, 15), "venue": "Hub"}],
    }


def _post() -> dict:
    notes = base64.b64encode(b"Our phonics notes.").decode()
    return {
        "title": f"Matrix post {next(_counter)}",
        "body": "What worked for us.",
        "attachments": [{"filename": "notes.txt", "content": notes}],
    }


def _ok(response, *statuses):
    assert response.status_code in statuses, response.text
    return response.json()


class Records:
    """The records each route acts on, made once through the API itself."""

    def __init__(self, platform, clients):
        self.platform = platform
        self.c = clients
        coordinator, head, teacher = (
            clients["coordinator"],
            clients["headteacher"],
            clients["teacher"],
        )
        self.urn = DEMO_SCHOOL_URN
        self.teacher_id = _ok(teacher.get("/api/v1/me"), 200)["id"]
        self.head_id = _ok(head.get("/api/v1/me"), 200)["id"]
        staff = {
            "email": f"matrix.staff{next(_counter)}@northshore.demo.partnership.test",
            "name": "Matrix Staff",
            "school_urn": self.urn,
            "roles": ["support_staff"],
        }
        self.staff_id = _ok(coordinator.post("/api/v1/people", json=staff), 201)["id"]
        self.event_id = self.new_event()
        self.booking_id = self.new_booking(self.event_id)
        self.offer_id = self.new_offer()
        broker_offer = {
            "school_urn": 900003,
            "area": "maths",
            "title": "Matrix maths coaching",
            "academic_year": "2026-27",
            "capacity_days": 100,
        }
        self.broker_offer_id = _ok(coordinator.post("/api/v1/offers", json=broker_offer), 201)["id"]
        self.support_request_id = self.new_support_request()
        self.training_request_id = _ok(
            teacher.post(
                "/api/v1/training-requests",
                json={"topic": "Phonics for new staff", "phase": "Primary", "reason": "New"},
            ),
            201,
        )["id"]
        self.pathway_id = _ok(
            coordinator.post(
                "/api/v1/pathways", json={"title": "Matrix pathway", "course_ids": [self.event_id]}
            ),
            201,
        )["id"]
        self.case_id = self.new_case()
        # the community makes the cluster's space once the directory answers
        eventually(lambda: teacher.get(f"/api/v1/spaces/{SPACE_ID}").status_code == 200, 30, 0.5)
        post = self.c["teacher"].post(f"/api/v1/spaces/{SPACE_ID}/posts", json=_post())
        self.post = _ok(post, 201)
        self.attachment_id = self.post["attachments"][0]["id"]
        self.comment_id = self.new_comment()
        report = {"reason": "Matrix report"}
        reported = teacher.post(f"/api/v1/comments/{self.comment_id}/reports", json=report)
        self.report_id = _ok(reported, 201)["id"]
        showcase = {"title": "Matrix showcase", "text": "What we do."}
        made = head.post(f"/api/v1/schools/{self.urn}/showcase", json=showcase)
        self.showcase_id = _ok(made, 201)["id"]

    def new_comment(self) -> str:
        path = f"/api/v1/posts/{self.post['id']}/comments"
        return _ok(self.c["teacher"].post(path, json={"text": "Matrix comment"}), 201)["id"]

    def new_post(self) -> str:
        post = self.c["teacher"].post(f"/api/v1/spaces/{SPACE_ID}/posts", json=_post())
        return _ok(post, 201)["id"]

    def new_event(self) -> str:
        return _ok(self.c["coordinator"].post("/api/v1/events", json=_course()), 201)["id"]

    def new_booking(self, event_id: str | None = None) -> str:
        event_id = event_id or self.new_event()
        return _ok(self.c["teacher"].post(f"/api/v1/events/{event_id}/bookings", json={}), 201)[
            "id"
        ]

    def new_offer(self) -> str:
        offer = {
            "school_urn": self.urn,
            "person_id": self.teacher_id,
            "area": "phonics",
            "title": f"Matrix phonics coaching {next(_counter)}",
            "academic_year": "2026-27",
            "capacity_days": 3,
        }
        return _ok(self.c["teacher"].post("/api/v1/offers", json=offer), 201)["id"]

    def new_support_request(self) -> str:
        request = {"school_urn": self.urn, "area": "maths", "description": "Year 6 maths"}
        return _ok(self.c["headteacher"].post("/api/v1/support-requests", json=request), 201)["id"]

    def new_case(self) -> str:
        case = {
            "request_id": self.new_support_request(),
            "offer_id": self.broker_offer_id,
            "scope": "Coaching for Year 6 maths",
            "days": 1,
            "starts_on": _when(30)[:10],
            "ends_on": _when(90)[:10],
        }
        return _ok(self.c["coordinator"].post("/api/v1/brokerage-cases", json=case), 201)["id"]


def _new_training_request(r) -> str:
    request = {"topic": "Matrix duplicate", "phase": "Primary", "reason": "Asked twice"}
    return _ok(r.c["teacher"].post("/api/v1/training-requests", json=request), 201)["id"]


def _new_person(r) -> str:
    person = {
        "email": f"matrix.erased{next(_counter)}@northshore.demo.partnership.test",
        "name": "Matrix Leaver",
        "school_urn": r.urn,
        "roles": ["teacher"],
    }
    return _ok(r.c["coordinator"].post("/api/v1/people", json=person), 201)["id"]


# the records a route's path names; a callable makes a fresh record for each call
PARAMS = {
    "urn": lambda r: r.urn,
    "event_id": lambda r: r.event_id,
    "booking_id": lambda r: r.booking_id,
    "person_id": lambda r: r.teacher_id,
    "offer_id": lambda r: r.offer_id,
    "case_id": lambda r: r.case_id,
    "group_id": lambda r: "cpd",
    "pathway_id": lambda r: r.pathway_id,
    "notification_id": lambda r: "000000000000000000000000",
    "delivery_id": lambda r: "000000000000000000000000",
    "space_id": lambda r: SPACE_ID,
    "post_id": lambda r: r.post["id"],
    "n": lambda r: "0",
    "attachment_id": lambda r: r.attachment_id,
    "comment_id": lambda r: r.comment_id,
    "report_id": lambda r: r.report_id,
    "slug": lambda r: "faq",
    "entry_id": lambda r: r.showcase_id,
}
ROUTE_PARAMS = {
    ("POST", "/api/v1/people/{person_id}/roles"): {"person_id": lambda r: r.staff_id},
    ("POST", "/api/v1/people/{person_id}/erasure"): {"person_id": _new_person},
    ("GET", "/api/v1/people/{person_id}/erasure"): {"person_id": lambda r: r.staff_id},
    ("POST", "/api/v1/support-requests/{request_id}"): {},
    ("GET", "/api/v1/support-requests/{request_id}"): {
        "request_id": lambda r: r.support_request_id
    },
    ("GET", "/api/v1/support-requests/{request_id}/suggestions"): {
        "request_id": lambda r: r.support_request_id
    },
    ("POST", "/api/v1/training-requests/{request_id}/support"): {
        "request_id": lambda r: r.training_request_id
    },
    ("GET", "/api/v1/clusters/{cluster_id}"): {"cluster_id": lambda r: "north"},
    # destructive: each permitted call gets a record of its own
    ("POST", "/api/v1/training-requests/{request_id}/close"): {"request_id": _new_training_request},
    ("POST", "/api/v1/training-requests/{request_id}/merge"): {"request_id": _new_training_request},
    ("POST", "/api/v1/events/{event_id}/cancel"): {"event_id": lambda r: r.new_event()},
    ("POST", "/api/v1/bookings/{booking_id}/cancel"): {"booking_id": lambda r: r.new_booking()},
    ("POST", "/api/v1/offers/{offer_id}/withdraw"): {"offer_id": lambda r: r.new_offer()},
    ("POST", "/api/v1/brokerage-cases/{case_id}/close"): {"case_id": lambda r: r.new_case()},
    ("POST", "/api/v1/brokerage-cases/{case_id}/cancel"): {"case_id": lambda r: r.new_case()},
    ("POST", "/api/v1/posts/{post_id}/hide"): {"post_id": lambda r: r.new_post()},
    ("POST", "/api/v1/comments/{comment_id}/hide"): {"comment_id": lambda r: r.new_comment()},
}
TODAY = datetime.now(UTC).date().isoformat()
BODIES = {
    ("POST", "/api/v1/spaces"): lambda r: {"kind": "working_party", "name": "Matrix party"},
    ("POST", "/api/v1/spaces/{space_id}/posts"): lambda r: _post(),
    ("POST", "/api/v1/posts/{post_id}/comments"): lambda r: {"text": "Thank you."},
    ("POST", "/api/v1/posts/{post_id}/hide"): lambda r: {"reason": "Off topic"},
    ("POST", "/api/v1/posts/{post_id}/attachments"): lambda r: {
        "filename": "more.txt",
        "content": base64.b64encode(b"More notes.").decode(),
    },
    ("POST", "/api/v1/spaces/{space_id}/feedback"): lambda r: {
        "half_term": "2026-27 autumn 1",
        "title": "Matrix feedback",
    },
    ("POST", "/api/v1/posts/{post_id}/reports"): lambda r: {"reason": "Matrix report"},
    ("POST", "/api/v1/comments/{comment_id}/reports"): lambda r: {"reason": "Matrix report"},
    ("POST", "/api/v1/comments/{comment_id}/hide"): lambda r: {"reason": "Off topic"},
    ("POST", "/api/v1/follows"): lambda r: {"tag": "phonics"},
    ("PUT", "/api/v1/site/pages/{slug}"): lambda r: {"title": "FAQ", "text": "## Matrix?\n\nYes."},
    ("POST", "/api/v1/schools/{urn}/showcase"): lambda r: {"title": "Matrix entry", "text": "x"},
    ("POST", "/api/v1/notifications/messages"): lambda r: {
        "subject": "Matrix message",
        "body": "To the head of Northshore.",
        "role": "headteacher",
        "school_urn": r.urn,
    },
    ("POST", "/api/v1/me/password"): lambda r: {
        "current_password": "not-the-password",
        "new_password": "another-password-1",
    },
    ("POST", "/api/v1/schools"): lambda r: {
        "urn": 990000 + next(_counter),
        "name": "Matrix School",
        "phase": "Primary",
        "type": "Community school",
    },
    ("PATCH", "/api/v1/schools/{urn}"): lambda r: {"notes": "Visited in autumn."},
    ("PUT", "/api/v1/schools/{urn}/ofsted"): lambda r: {"ofsted_rating": "Good"},
    ("PUT", "/api/v1/schools/{urn}/approver"): lambda r: {"person_id": r.head_id},
    ("POST", "/api/v1/moderation-selections"): lambda r: {
        "academic_year": "2026-27",
        "urns": [r.urn],
    },
    ("POST", "/api/v1/people"): lambda r: {
        "email": f"matrix.new{next(_counter)}@northshore.demo.partnership.test",
        "name": "Matrix New",
        "school_urn": r.urn,
        "roles": ["teacher"],
    },
    ("PATCH", "/api/v1/people/{person_id}"): lambda r: {"job_title": "Class teacher"},
    ("POST", "/api/v1/people/{person_id}/roles"): lambda r: {"role": "senco"},
    ("PATCH", "/api/v1/groups/{group_id}"): lambda r: {"phases": ["Primary"]},
    ("POST", "/api/v1/groups/{group_id}/offices"): lambda r: {
        "office": "secretary",
        "person_id": r.staff_id,
        "starts_on": TODAY,
    },
    ("POST", "/api/v1/groups/{group_id}/members"): lambda r: {"person_id": r.staff_id},
    ("POST", "/api/v1/support-areas"): lambda r: {
        "id": f"matrix_{next(_counter)}",
        "name": "Matrix area",
    },
    ("POST", "/api/v1/offers"): lambda r: {
        "school_urn": r.urn,
        "person_id": r.teacher_id,
        "area": "reading",
        "title": f"Reading support {next(_counter)}",
        "academic_year": "2026-27",
        "capacity_days": 2,
    },
    ("PATCH", "/api/v1/offers/{offer_id}"): lambda r: {"capacity_days": 4},
    ("POST", "/api/v1/offers/{offer_id}/verify"): lambda r: {"verified_on": TODAY},
    ("PUT", "/api/v1/events/{event_id}/running-order"): lambda r: {"order": [r.teacher_id]},
    ("POST", "/api/v1/training-requests/{request_id}/close"): lambda r: {"reason": "Duplicate"},
    ("POST", "/api/v1/training-requests/{request_id}/merge"): lambda r: {
        "request_ids": [_new_training_request(r)]
    },
    ("POST", "/api/v1/support-requests"): lambda r: {
        "school_urn": r.urn,
        "area": "writing",
        "description": "Writing in Year 4",
    },
    ("POST", "/api/v1/brokerage-cases"): lambda r: {
        "request_id": r.new_support_request(),
        "offer_id": r.broker_offer_id,
        "scope": "More coaching",
        "days": 1,
        "starts_on": _when(30)[:10],
        "ends_on": _when(90)[:10],
    },
    ("POST", "/api/v1/brokerage-cases/{case_id}/consent"): lambda r: {"given": True},
    ("POST", "/api/v1/brokerage-cases/{case_id}/reviews"): lambda r: {
        "on": TODAY,
        "notes": "Going well.",
    },
    ("POST", "/api/v1/brokerage-cases/{case_id}/close"): lambda r: {"impact": "Better."},
    ("POST", "/api/v1/brokerage-cases/{case_id}/cancel"): lambda r: {"reason": "Not needed."},
    ("POST", "/api/v1/events"): lambda r: _course(),
    ("PATCH", "/api/v1/events/{event_id}"): lambda r: {"description": "Bring a laptop."},
    ("POST", "/api/v1/events/{event_id}/cancel"): lambda r: {"reason": "Trainer ill"},
    ("POST", "/api/v1/events/{event_id}/bookings"): lambda r: {},
    ("POST", "/api/v1/bookings/{booking_id}/offer"): lambda r: {"version": 1, "accept": True},
    ("POST", "/api/v1/bookings/{booking_id}/approval"): lambda r: {"approve": True},
    ("POST", "/api/v1/events/{event_id}/attendance"): lambda r: {
        "session": 0,
        "present": [r.teacher_id],
    },
    ("POST", "/api/v1/events/{event_id}/feedback"): lambda r: {"rating": 5},
    ("POST", "/api/v1/rotas"): lambda r: {
        "cluster": "north",
        "academic_year": 2026,
        "year_groups": ["Year 6"],
    },
    ("PUT", "/api/v1/events/{event_id}/meeting-roles"): lambda r: {
        "chair_id": r.head_id,
        "minute_taker_id": r.teacher_id,
    },
    ("POST", "/api/v1/events/{event_id}/minutes"): lambda r: {"minutes": "We met."},
    ("POST", "/api/v1/events/{event_id}/slots"): lambda r: {"title": "Five-minute talk"},
    ("POST", "/api/v1/training-requests"): lambda r: {
        "topic": "Maths mastery",
        "phase": "Primary",
        "reason": "Our Year 5 results",
    },
    ("POST", "/api/v1/needs-audits"): lambda r: {
        "school_urn": r.urn,
        "academic_year": 2026,
        "priorities": ["Phonics"],
    },
    ("POST", "/api/v1/commissions"): lambda r: {
        "request_ids": [r.training_request_id],
        "course": _course("Commissioned"),
    },
    ("POST", "/api/v1/pathways"): lambda r: {"title": "Pathway", "course_ids": [r.event_id]},
    ("PUT", "/api/v1/me/notifications/preferences"): lambda r: {
        "categories": {"bookings": "immediate"}
    },
}


@pytest.fixture(scope="module")
def clients(private_platform):
    platform = private_platform
    made = {role: platform.client(email) for role, email in DEMO_ACCOUNTS.items()}
    person = {
        "email": OTHER_HEAD,
        "name": "Matrix Other Head",
        "school_urn": OTHER_URN,
        "roles": ["headteacher"],
        "password": DEMO_PASSWORD,
    }
    _ok(made["coordinator"].post("/api/v1/people", json=person), 201)
    made["other_head"] = platform.client(OTHER_HEAD)
    return made


@pytest.fixture(scope="module")
def records(private_platform, clients):
    return Records(private_platform, clients)


@pytest.fixture(scope="module")
def routes(private_platform):
    doc = Client(private_platform.url, "").get("/api/openapi.json").json()
    return [
        (method.upper(), path)
        for path, operations in doc["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_route_has_a_declared_policy(routes):
    missing = [route for route in routes if route not in ALLOWED and route not in PUBLIC]
    assert not missing, f"routes without a policy in role_matrix.py: {missing}"
    stale = [route for route in ALLOWED if route not in routes]
    assert not stale, f"policies for routes that no longer exist: {stale}"


def _path(route, records) -> str:
    method, template = route
    values = {}
    for name in PARAMS:
        if "{" + name + "}" in template:
            values[name] = PARAMS[name]
    values.update(ROUTE_PARAMS.get(route, {}))
    return template.format(**{name: make(records) for name, make in values.items()})


def _send(client, route, records):
    method, _ = route
    body = BODIES.get(route)
    kwargs = {"json": body(records)} if body else {}
    if method in {"POST", "PUT", "PATCH"} and not body:
        kwargs = {"json": {}} if route[1].endswith(("/bookings", "/enrolments")) else {}
    return client.request(method, _path(route, records), **kwargs)


def test_every_route_answers_every_persona_as_declared(private_platform, clients, records, routes):
    wrong = []
    for route in routes:
        if route in PUBLIC:
            continue
        allowed = ALLOWED[route]
        # refusals first, so a permitted call cannot change what a refused one would see
        for persona in sorted(PERSONAS, key=lambda p: p in allowed):
            response = _send(clients[persona], route, records)
            if route == ("POST", "/api/v1/auth/sign-out"):
                # every token of the account has ended: sign in again for the routes after
                clients[persona] = private_platform.client(client_email(persona))
            if persona in allowed:
                if response.status_code == 403 or response.status_code >= 500:
                    wrong.append((route, persona, response.status_code, response.text[:200]))
            elif response.status_code != 403 or not _is_error_body(response):
                wrong.append((route, persona, response.status_code, response.text[:200]))
    assert not wrong, "\n".join(map(str, wrong))


def client_email(persona: str) -> str:
    return OTHER_HEAD if persona == "other_head" else DEMO_ACCOUNTS[persona]


def _is_error_body(response) -> bool:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return error.get("code") == "FORBIDDEN" and bool(error.get("message"))


def test_without_a_token_every_private_route_is_401(private_platform, records, routes):
    anonymous = Client(private_platform.url, "")
    anonymous.session.headers.pop("Authorization")
    # a connection each: the server may close a kept-alive connection after refusing a request
    # whose body it never read, and requests does not resend a POST on a closed connection
    anonymous.session.headers["Connection"] = "close"
    wrong = [
        (route, response.status_code)
        for route in routes
        if route not in PUBLIC
        for response in [_send(anonymous, route, records)]
        if response.status_code != 401
    ]
    assert not wrong, wrong
