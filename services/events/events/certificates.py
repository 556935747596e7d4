"""Attendance certificates as PDF (reportlab)."""

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas


def certificate_pdf(
    person_name: str, event_title: str, sessions_attended: int, dates: list[datetime], cert_id: str
) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(f"Certificate of attendance: {event_title}")
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawCentredString(width / 2, height - 140, "Certificate of attendance")
    canvas.setFont("Helvetica", 16)
    canvas.drawCentredString(width / 2, height - 200, "This certifies that")
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawCentredString(width / 2, height - 240, person_name)
    canvas.setFont("Helvetica", 16)
    canvas.drawCentredString(width / 2, height - 280, "attended")
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawCentredString(width / 2, height - 320, event_title)
    canvas.setFont("Helvetica", 13)
    when = ", ".join(d.strftime("%d %B %Y") for d in dates)
    canvas.drawCentredString(
        width / 2, height - 360, f"{sessions_attended} session(s) attended: {when}"
    )
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(width / 2, 60, f"Partnership Hub · certificate {cert_id}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
