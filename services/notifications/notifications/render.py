"""Email text and HTML from Jinja templates (``templates/<kind>.{txt,html}.j2``, else
``default``)."""

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from jinja2 import (
    ChainableUndefined,
    Environment,
    PackageLoader,
    TemplateNotFound,
    select_autoescape,
)

LONDON = ZoneInfo("Europe/London")


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def when(value) -> str:
    moment = _as_datetime(value)
    return moment.astimezone(LONDON).strftime("%a %-d %b %Y, %H:%M") if moment else str(value)


def when_time(value) -> str:
    moment = _as_datetime(value)
    return moment.astimezone(LONDON).strftime("%H:%M") if moment else str(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("notifications", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["when_time"] = when_time
    return env


def _template(name: str, part: str):
    env = environment()
    try:
        return env.get_template(f"{name}.{part}.j2")
    except TemplateNotFound:
        return env.get_template(f"default.{part}.j2")


def render_email(template: str, context: dict) -> tuple[str, str]:
    """(plain text, HTML) of ``template`` (a kind, ``digest``, ...) with ``context``."""
    values = {"name": None, "sessions": [], "calendar": None, **context}
    return _template(template, "txt").render(values), _template(template, "html").render(values)
