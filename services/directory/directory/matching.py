"""Ranking expertise offers for a support request: a pure function of offers, request and the
asking school (its cluster and Ofsted report card)."""

from dataclasses import dataclass, field
from datetime import date

from contracts.directory import REPORT_CARD_GRADES

# Which support areas answer each Ofsted report-card area.
ANSWERS = {
    "inclusion": ("send", "attendance", "wellbeing"),
    "curriculum_and_teaching": (
        "curriculum_design",
        "reading",
        "phonics",
        "writing",
        "maths",
        "eyfs",
    ),
    "achievement": ("reading", "writing", "maths", "phonics", "assessment_and_moderation"),
    "attendance_and_behaviour": ("attendance", "behaviour"),
    "personal_development_and_wellbeing": ("wellbeing", "sustainability"),
    "leadership_and_governance": ("leadership", "governance"),
}
AREA_MATCH = 100.0
WEAKNESS_MATCH = 60.0
URGENT_WEAKNESS = 20.0
SAME_CLUSTER = 30.0
PHASE_MATCH = 15.0
VERIFIED = 10.0
OVERDUE = -20.0
ENOUGH_DAYS = 5.0
WEAK_SCORE = 2  # needs_attention or worse is always weak


def grade_score(grade: str) -> int:
    """1 (urgent improvement) .. 5 (exceptional)."""
    return REPORT_CARD_GRADES.index(grade) + 1


def weakest_areas(report_card: dict | None) -> list[str]:
    """Report-card areas graded lowest, plus any graded needs attention or worse; none when every
    area is strong or better. Safeguarding not met counts as ``safeguarding``, the weakest."""
    if not report_card:
        return []
    grades = {a: grade_score(g) for a, g in (report_card.get("grades") or {}).items()}
    weak = []
    if report_card.get("safeguarding") == "not_met":
        weak.append("safeguarding")
    if grades:
        low = min(grades.values())
        weak += sorted(
            (a for a, s in grades.items() if (s == low and s <= 3) or s <= WEAK_SCORE),
            key=lambda a: (grades[a], a),
        )
    return weak


def answering_areas(weak: list[str]) -> dict[str, str]:
    """Support area -> the weak report-card area it answers (weakest first wins)."""
    result: dict[str, str] = {}
    for area in weak:
        for support in ("safeguarding",) if area == "safeguarding" else ANSWERS.get(area, ()):
            result.setdefault(support, area)
    return result


@dataclass
class Ranked:
    offer: dict
    score: float
    same_cluster: bool
    reasons: list[str] = field(default_factory=list)


def score_offer(offer: dict, request: dict, school: dict, today: date) -> Ranked | None:
    """Score one offer for ``request`` from ``school``; None when it cannot serve (full, the
    school's own offer, or in an area neither asked for nor answering a weakness)."""
    if offer["days_remaining"] <= 0 or offer["school_urn"] == school["urn"]:
        return None
    answers = answering_areas(weakest_areas(school.get("report_card")))
    reasons, score = [], 0.0
    if offer["area"] == request["area"]:
        score += AREA_MATCH
        reasons.append("offers the area asked for")
    if offer["area"] in answers:
        weak = answers[offer["area"]]
        score += WEAKNESS_MATCH
        grade = ((school.get("report_card") or {}).get("grades") or {}).get(weak)
        if weak == "safeguarding" or (grade and grade_score(grade) == 1):
            score += URGENT_WEAKNESS
        reasons.append(f"answers a weaker report-card area: {weak}")
    if not score:
        return None
    same_cluster = bool(school.get("cluster")) and offer.get("cluster") == school.get("cluster")
    if same_cluster:
        score += SAME_CLUSTER
        reasons.append("same cluster")
    phase = request.get("phase") or school.get("phase")
    if not offer.get("phases") or phase in offer["phases"]:
        score += PHASE_MATCH
    due = offer.get("verification_due_on")
    if due is not None and due <= today:
        score += OVERDUE
        reasons.append("verification overdue")
    elif offer.get("last_verified_on"):
        score += VERIFIED
    wanted = request.get("days_wanted")
    if wanted and offer["days_remaining"] >= wanted:
        score += ENOUGH_DAYS
    score += min(offer["days_remaining"], 10) / 10
    return Ranked(offer, round(score, 2), same_cluster, reasons)


def rank_offers(offers: list[dict], request: dict, school: dict, today: date) -> list[Ranked]:
    """Offers that can serve ``request``: same cluster first, then by score, then most days."""
    ranked = [r for r in (score_offer(o, request, school, today) for o in offers) if r]
    return sorted(
        ranked,
        key=lambda r: (not r.same_cluster, -r.score, -r.offer["days_remaining"], r.offer["id"]),
    )
