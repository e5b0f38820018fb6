"""Dates as Dutch editors type them, understood exactly or refused with a clear message.

One form field and widget for every date in the admin (registered for all model ``DateField``s in
``jv/core/wagtail_hooks.py``) and in our own forms::

    from jv.core.dates import DutchDateField
    observed_on = DutchDateField(label=_("Observed on"))

Understood: ``28-11-2026`` (also with ``/``, ``.`` or spaces, and one-digit day or month),
``28-11`` (this year), ``2026-11-28`` (ISO), ``28 november 2026`` / ``28 nov`` (Dutch month
names), and the words ``vandaag``, ``gisteren``, ``eergisteren``, ``morgen`` (and their English
equivalents). Anything else, and dates that do not exist (``31-02-2026``), is refused with a
Dutch message; a date is never replaced by another one.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d-%m-%Y"

WORDS = {
    "vandaag": 0,
    "today": 0,
    "gisteren": -1,
    "yesterday": -1,
    "eergisteren": -2,
    "morgen": 1,
    "tomorrow": 1,
    "overmorgen": 2,
}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "february"),
            ("maart", "mrt", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("augustus", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_NUMERIC = re.compile(r"^(\d{1,2})[-/. ]+(\d{1,2})(?:[-/. ]+(\d+))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?(?:\s+(\d+))?$")

HINT = _("day-month-year, e.g. 28-11-2026; or “vandaag”, “gisteren”")


def parse_date(text: str, today: datetime.date | None = None) -> datetime.date | None:
    """The date ``text`` means, None for empty input; ValidationError (Dutch) otherwise."""
    value = " ".join(str(text or "").strip().lower().split())
    if not value:
        return None
    today = today or timezone.localdate()
    if value in WORDS:
        return today + datetime.timedelta(days=WORDS[value])
    day = month = year = None
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.match(value):
        day, month = int(match[1]), int(match[2])
        year = _year(match[3], text, today)
    elif (match := _NAMED.match(value)) and match[2] in MONTHS:
        day, month = int(match[1]), MONTHS[match[2]]
        year = _year(match[3], text, today)
    else:
        raise ValidationError(
            _("“%(value)s” is not a date we understand. Write day-month-year, for example 28-11-2026, or “vandaag”."),
            code="invalid",
            params={"value": text},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("The date “%(value)s” does not exist. Check the day and the month (day-month-year)."),
            code="invalid_date",
            params={"value": text},
        ) from None


def _year(digits: str | None, text: str, today: datetime.date) -> int:
    if digits is None:
        return today.year
    if len(digits) != 4:
        raise ValidationError(
            _("Write the year in full (four digits) in “%(value)s”, for example 28-11-2026."),
            code="short_year",
            params={"value": text},
        )
    return int(digits)


class DutchDateInput(forms.TextInput):
    """A plain text box (no script that could rewrite what was typed) with the format beside it."""

    template_name = "core/widgets/dutch_date.html"
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"size": 12, "autocomplete": "off", "inputmode": "text", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime(DISPLAY_FORMAT)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        hint_id = f"{widget['attrs'].get('id') or name}-format"
        described = widget["attrs"].get("aria-describedby")
        widget["attrs"]["aria-describedby"] = f"{described} {hint_id}" if described else hint_id
        widget["hint_id"] = hint_id
        widget["hint"] = HINT
        return context


class DutchDateField(forms.DateField):
    widget = DutchDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_date(value)

    def strptime(self, value, format):  # pragma: no cover - to_python does not use input_formats
        raise NotImplementedError
