"""The declared role matrix: for every /api/v1 route, who may call it on the records the test
sets up (the Northshore teacher's booking, an event the coordinator runs, ...).

``ALLOWED[(method, path)]`` is a set of personas. A persona not in it must get 403 with the
error body; a persona in it must not get 403. ``PUBLIC`` routes need no sign-in. A route in the
OpenAPI document that is in neither fails the test, so a new route cannot ship without a policy.
``docs/role-matrix.md`` is generated from this table:
``cd tests && python -m support.role_matrix > ../docs/role-matrix.md``.
"""

NORTHSHORE = "Northshore Primary (synthetic), URN 900001"
PERSONAS = ("teacher", "school_admin", "headteacher", "coordinator", "la_officer", "other_head")
PERSONA_NOTES = {
    "teacher": f"a teacher at {NORTHSHORE}",
    "school_admin": f"the school administrator at {NORTHSHORE}",
    "headteacher": f"the headteacher at {NORTHSHORE}",
    "coordinator": "the partnership coordinator",
    "la_officer": "the local authority officer",
    "other_head": "the headteacher of another school (Gullwing, 900002): cross-school calls",
}

EVERYONE = frozenset(PERSONAS)
PARTNERSHIP = frozenset({"coordinator", "la_officer"})
COORDINATOR = frozenset({"coordinator"})
LA = frozenset({"la_officer"})
NORTHSHORE_LEADERS = frozenset({"headteacher", "school_admin"})
NORTHSHORE_STAFF = frozenset({"teacher", "headteacher", "school_admin"})

PUBLIC = frozenset(
    {
        ("POST", "/api/v1/auth/token"),
        ("POST", "/api/v1/auth/password-reset"),
        ("POST", "/api/v1/auth/password-reset/confirm"),
        # the public website: its pages, and the member schools' published showcases
        ("GET", "/api/v1/site/pages/{slug}"),
        ("GET", "/api/v1/schools/{urn}/showcase"),
        ("GET", "/api/v1/showcase/{entry_id}/photos/{photo_id}"),
    }
)

# Records: {urn} Northshore; {event_id} a course the coordinator created; {booking_id} the
# Northshore teacher's booking on it; {person_id} the Northshore teacher; {offer_id} the
# teacher's own support offer; {request_id} a Northshore support request (support routes) or
# the teacher's training request (training routes); {case_id} a confidential brokerage case for
# Northshore; {group_id} the CPD group; {pathway_id} a pathway; {notification_id} the caller's
# own notification; {delivery_id} an email delivery; {space_id}, {post_id}, {n},
# {attachment_id} below.
ALLOWED: dict[tuple[str, str], frozenset] = {
    # accounts
    ("POST", "/api/v1/auth/sign-out"): EVERYONE,
    ("POST", "/api/v1/me/password"): EVERYONE,
    ("GET", "/api/v1/me"): EVERYONE,
    # schools
    ("GET", "/api/v1/schools"): EVERYONE,
    ("POST", "/api/v1/schools"): PARTNERSHIP,
    ("GET", "/api/v1/schools/{urn}"): EVERYONE,
    ("PATCH", "/api/v1/schools/{urn}"): COORDINATOR,
    ("PUT", "/api/v1/schools/{urn}/ofsted"): LA,
    ("PUT", "/api/v1/schools/{urn}/approver"): PARTNERSHIP | {"headteacher"},
    ("POST", "/api/v1/moderation-selections"): LA,
    ("GET", "/api/v1/clusters"): EVERYONE,
    ("GET", "/api/v1/clusters/{cluster_id}"): EVERYONE,
    ("GET", "/api/v1/schools/{urn}/ledger"): PARTNERSHIP | NORTHSHORE_STAFF,
    # people
    ("POST", "/api/v1/people"): PARTNERSHIP | NORTHSHORE_LEADERS,
    ("GET", "/api/v1/people"): EVERYONE,
    ("GET", "/api/v1/people/{person_id}"): EVERYONE,
    ("PATCH", "/api/v1/people/{person_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/people/{person_id}/roles"): PARTNERSHIP | NORTHSHORE_LEADERS,
    # people's data: the person (here the Northshore teacher) or the coordinator exports it; the
    # coordinator alone erases a person (a fresh one each call) and follows the erasure
    ("GET", "/api/v1/people/{person_id}/export"): COORDINATOR | {"teacher"},
    ("POST", "/api/v1/people/{person_id}/erasure"): COORDINATOR,
    ("GET", "/api/v1/people/{person_id}/erasure"): COORDINATOR,
    ("GET", "/api/v1/role-holders"): EVERYONE,
    # strategic groups
    ("GET", "/api/v1/groups"): EVERYONE,
    ("GET", "/api/v1/groups/{group_id}"): EVERYONE,
    ("PATCH", "/api/v1/groups/{group_id}"): COORDINATOR,
    ("POST", "/api/v1/groups/{group_id}/offices"): COORDINATOR,
    ("POST", "/api/v1/groups/{group_id}/members"): COORDINATOR,
    # the support directory
    ("GET", "/api/v1/support-areas"): EVERYONE,
    ("POST", "/api/v1/support-areas"): COORDINATOR,
    ("POST", "/api/v1/offers"): EVERYONE - {"other_head"},
    ("GET", "/api/v1/offers"): EVERYONE,
    ("GET", "/api/v1/offers/{offer_id}"): EVERYONE,
    ("PATCH", "/api/v1/offers/{offer_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/offers/{offer_id}/verify"): PARTNERSHIP | {"headteacher"},
    ("POST", "/api/v1/offers/{offer_id}/withdraw"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/support-requests"): PARTNERSHIP | NORTHSHORE_LEADERS,
    ("GET", "/api/v1/support-requests"): EVERYONE,
    ("GET", "/api/v1/support-requests/{request_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("GET", "/api/v1/support-requests/{request_id}/suggestions"): PARTNERSHIP | NORTHSHORE_LEADERS,
    ("POST", "/api/v1/brokerage-cases"): PARTNERSHIP,
    ("GET", "/api/v1/brokerage-cases"): EVERYONE,
    ("GET", "/api/v1/brokerage-cases/{case_id}"): PARTNERSHIP | {"headteacher"},
    # consent is the supporting school's head's alone (Pierview, not a persona here)
    ("POST", "/api/v1/brokerage-cases/{case_id}/consent"): frozenset(),
    ("POST", "/api/v1/brokerage-cases/{case_id}/reviews"): PARTNERSHIP | {"headteacher"},
    ("POST", "/api/v1/brokerage-cases/{case_id}/close"): PARTNERSHIP,
    ("POST", "/api/v1/brokerage-cases/{case_id}/cancel"): PARTNERSHIP,
    # events and bookings
    ("POST", "/api/v1/events"): PARTNERSHIP,
    ("GET", "/api/v1/events"): EVERYONE,
    ("GET", "/api/v1/events/{event_id}"): EVERYONE,
    ("PATCH", "/api/v1/events/{event_id}"): PARTNERSHIP,
    ("POST", "/api/v1/events/{event_id}/cancel"): PARTNERSHIP,
    ("POST", "/api/v1/events/{event_id}/bookings"): EVERYONE,
    ("GET", "/api/v1/events/{event_id}/bookings"): PARTNERSHIP,
    ("GET", "/api/v1/bookings/{booking_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/bookings/{booking_id}/cancel"): COORDINATOR | {"teacher"},
    ("POST", "/api/v1/bookings/{booking_id}/offer"): COORDINATOR | {"teacher"},
    ("POST", "/api/v1/bookings/{booking_id}/approval"): COORDINATOR | {"headteacher"},
    ("GET", "/api/v1/me/bookings"): EVERYONE,
    ("GET", "/api/v1/me/approvals"): EVERYONE,
    ("POST", "/api/v1/events/{event_id}/attendance"): PARTNERSHIP,
    ("GET", "/api/v1/bookings/{booking_id}/certificate.pdf"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/events/{event_id}/feedback"): EVERYONE,
    ("GET", "/api/v1/events/{event_id}/feedback"): PARTNERSHIP,
    ("GET", "/api/v1/schools/{urn}/statement"): PARTNERSHIP | NORTHSHORE_LEADERS,
    ("GET", "/api/v1/partnership/statement"): PARTNERSHIP,
    ("GET", "/api/v1/me/calendar.ics"): EVERYONE,
    ("GET", "/api/v1/schools/{urn}/calendar.ics"): PARTNERSHIP | NORTHSHORE_STAFF,
    # cluster meetings and Teachmeets
    ("POST", "/api/v1/rotas"): PARTNERSHIP,
    ("PUT", "/api/v1/events/{event_id}/meeting-roles"): PARTNERSHIP,
    ("POST", "/api/v1/events/{event_id}/minutes"): PARTNERSHIP,
    ("GET", "/api/v1/events/{event_id}/minutes"): PARTNERSHIP,
    ("POST", "/api/v1/events/{event_id}/slots"): EVERYONE,
    # the presenter (the teacher names their own slot) or the organisers of the coordinator's event
    ("DELETE", "/api/v1/events/{event_id}/slots/{person_id}"): PARTNERSHIP | {"teacher"},
    ("PUT", "/api/v1/events/{event_id}/running-order"): PARTNERSHIP,
    ("GET", "/api/v1/events/{event_id}/running-order"): EVERYONE,
    ("POST", "/api/v1/events/{event_id}/running-order/publish"): PARTNERSHIP,
    # training requests, audits, demand and commissioning
    ("POST", "/api/v1/training-requests"): EVERYONE,
    ("GET", "/api/v1/training-requests"): EVERYONE,
    ("POST", "/api/v1/training-requests/{request_id}/support"): EVERYONE,
    ("POST", "/api/v1/training-requests/{request_id}/close"): PARTNERSHIP,
    ("POST", "/api/v1/training-requests/{request_id}/merge"): PARTNERSHIP,
    ("POST", "/api/v1/needs-audits"): PARTNERSHIP | NORTHSHORE_LEADERS,
    # and the CPD group: the group routes above make the teacher a member, the head secretary
    ("GET", "/api/v1/demand"): PARTNERSHIP,
    ("POST", "/api/v1/commissions"): PARTNERSHIP,
    ("POST", "/api/v1/pathways"): PARTNERSHIP,
    ("GET", "/api/v1/pathways"): EVERYONE,
    ("POST", "/api/v1/pathways/{pathway_id}/enrolments"): EVERYONE,
    ("GET", "/api/v1/pathways/{pathway_id}/progress"): EVERYONE,
    # notifications
    ("GET", "/api/v1/me/notifications"): EVERYONE,
    ("GET", "/api/v1/me/notifications/unread-count"): EVERYONE,
    ("POST", "/api/v1/me/notifications/{notification_id}/read"): EVERYONE,
    ("POST", "/api/v1/me/notifications/read-all"): EVERYONE,
    ("GET", "/api/v1/me/notifications/preferences"): EVERYONE,
    ("PUT", "/api/v1/me/notifications/preferences"): EVERYONE,
    ("GET", "/api/v1/notifications/deliveries"): COORDINATOR,
    ("POST", "/api/v1/notifications/deliveries/{delivery_id}/retry"): COORDINATOR,
    ("POST", "/api/v1/notifications/messages"): COORDINATOR,
    # sharing practice: {space_id} the North cluster's space (Northshore's staff see it), {post_id}
    # the teacher's post there with one attachment ({n} 0, {attachment_id} its id)
    ("GET", "/api/v1/spaces"): EVERYONE,
    ("POST", "/api/v1/spaces"): COORDINATOR,
    ("GET", "/api/v1/spaces/{space_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("GET", "/api/v1/spaces/{space_id}/posts"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/spaces/{space_id}/posts"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("GET", "/api/v1/posts"): EVERYONE,
    ("GET", "/api/v1/posts/{post_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("GET", "/api/v1/posts/{post_id}/comments"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/posts/{post_id}/comments"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/posts/{post_id}/marks"): PARTNERSHIP | NORTHSHORE_STAFF,
    # a cluster's space has no chair: the coordinator moderates it
    ("POST", "/api/v1/posts/{post_id}/hide"): COORDINATOR,
    ("GET", "/api/v1/posts/{post_id}/attachments/{n}"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("GET", "/api/v1/attachments/{attachment_id}"): PARTNERSHIP | NORTHSHORE_STAFF,
    # a file added to a post: its author's alone
    ("POST", "/api/v1/posts/{post_id}/attachments"): frozenset({"teacher"}),
    # leading a space: a group's chair or secretary (none here), or the coordinator; feedback to
    # heads comes only from a group's space, so in the cluster's it is refused to everyone
    ("POST", "/api/v1/posts/{post_id}/pin"): COORDINATOR,
    ("DELETE", "/api/v1/posts/{post_id}/pin"): COORDINATOR,
    ("POST", "/api/v1/spaces/{space_id}/feedback"): frozenset(),
    # moderation: {comment_id} the teacher's comment on the post, {report_id} a report of it
    ("POST", "/api/v1/posts/{post_id}/reports"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/comments/{comment_id}/reports"): PARTNERSHIP | NORTHSHORE_STAFF,
    ("POST", "/api/v1/comments/{comment_id}/hide"): COORDINATOR,
    ("GET", "/api/v1/reports"): COORDINATOR,
    ("POST", "/api/v1/reports/{report_id}/dismiss"): COORDINATOR,
    # following a support-area tag
    ("POST", "/api/v1/follows"): EVERYONE,
    ("DELETE", "/api/v1/follows"): EVERYONE,
    ("GET", "/api/v1/me/follows"): EVERYONE,
    # the public website: {slug} faq; {entry_id} a showcase entry of Northshore's head
    ("PUT", "/api/v1/site/pages/{slug}"): COORDINATOR,
    ("POST", "/api/v1/schools/{urn}/showcase"): COORDINATOR | {"headteacher", "school_admin"},
    ("DELETE", "/api/v1/showcase/{entry_id}"): COORDINATOR | {"headteacher", "school_admin"},
}


def markdown() -> str:
    """The matrix as a Markdown table (docs/role-matrix.md)."""
    head = "| route | " + " | ".join(PERSONAS) + " |"
    rule = "|---|" + "---|" * len(PERSONAS)
    rows = [
        f"| `{method} {path}` | " + " | ".join("✓" if p in who else "—" for p in PERSONAS) + " |"
        for (method, path), who in ALLOWED.items()
    ]
    public = [f"- `{method} {path}`" for method, path in sorted(PUBLIC)]
    personas = [f"- **{name}**: {note}" for name, note in PERSONA_NOTES.items()]
    return "\n".join(
        [
            "# Role matrix",
            "",
            "Who may call each `/api/v1` route (✓), on the records the role-matrix test sets up.",
            "Everyone else gets 403 with the error body; without a token, 401. Generated from",
            "`tests/support/role_matrix.py`; `tests/e2e/trust/test_role_matrix.py` proves it",
            "route by route.",
            "",
            *personas,
            "",
            "Public (no sign-in):",
            *public,
            "",
            head,
            rule,
            *rows,
            "",
        ]
    )


if __name__ == "__main__":
    print(markdown(), end="")
