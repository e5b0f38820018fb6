"""Dates as Dutch editors type them, understood exactly or refused with a clear message.

One form field and widget for every date in the admin (registered for all model ``DateField``s in
``jv/core/wagtail_hooks.py``) and in our own forms, and one for every date with a time
(``DateTimeField``: event times, scheduled publishing)::

    from jv.core.dates import DutchDateField
    observed_on = DutchDateField(label=_("Observed on"))

Understood: ``28-11-2026`` (also with ``/``, ``.`` or spaces, and one-digit day or month),
``28-11`` (this year), ``2026-11-28`` (ISO), ``28 november 2026`` / ``28 nov`` (Dutch month
names), and the words ``vandaag``, ``gisteren``, ``eergisteren``, ``morgen`` (and their English
equivalents). Anything else, and dates that do not exist (``31-02-2026``), is refused with a
Dutch message; a date is never replaced by another one. A date with a time is the same date followed
by a time of day: ``28-11-2026 14:30`` (also ``14.30``, ``14u30``, ``14 uur``), ``morgen 9:00``,
``2026-11-28T14:30``; the time is required, never assumed to be midnight.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
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
DATETIME_HINT = _("day-month-year hours:minutes, e.g. 28-11-2026 14:30; or “morgen 9:00”")
DATETIME_DISPLAY_FORMAT = "%d-%m-%Y %H:%M"

_TIME = re.compile(r"^(.*?)(?:\s+|t)(\d{1,2})(?:[:.u](\d{2})(?::(\d{2}))?|\s*uur)$")


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


def parse_datetime(text: str, today: datetime.date | None = None) -> datetime.datetime | None:
    """The (naive, local) date and time ``text`` means, None for empty input; ValidationError otherwise."""
    value = " ".join(str(text or "").strip().lower().split())
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        try:
            parse_date(value, today)
        except ValidationError:
            raise ValidationError(
                _(
                    "“%(value)s” is not a date and time we understand. Write day-month-year and the time, "
                    "for example 28-11-2026 14:30."
                ),
                code="invalid",
                params={"value": text},
            ) from None
        raise ValidationError(
            _("Add the time to “%(value)s”, for example %(example)s."),
            code="no_time",
            params={"value": text, "example": f"{value} 14:30"},
        )
    try:
        day = parse_date(match[1], today)
    except ValidationError as refused:  # the same message, about everything that was typed
        raise ValidationError(refused.message, code=refused.code, params={**refused.params, "value": text}) from None
    hour, minute, second = int(match[2]), int(match[3] or 0), int(match[4] or 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        raise ValidationError(
            _("The time in “%(value)s” does not exist. Write hours:minutes, for example 14:30."),
            code="invalid_time",
            params={"value": text},
        )
    return datetime.datetime.combine(day, datetime.time(hour, minute, second))


class DutchDateInput(forms.TextInput):
    """A plain text box (no script that could rewrite what was typed) with the format beside it."""

    template_name = "core/widgets/dutch_date.html"
    input_type = "text"
    display_format = DISPLAY_FORMAT
    hint = HINT
    size = 12

    def __init__(self, attrs=None):
        super().__init__({"size": self.size, "autocomplete": "off", "inputmode": "text", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime(self.display_format)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        hint_id = f"{widget['attrs'].get('id') or name}-format"
        described = widget["attrs"].get("aria-describedby")
        widget["attrs"]["aria-describedby"] = f"{described} {hint_id}" if described else hint_id
        widget["hint_id"] = hint_id
        widget["hint"] = self.hint
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


class DutchDateTimeInput(DutchDateInput):
    display_format = DATETIME_DISPLAY_FORMAT
    hint = DATETIME_HINT
    size = 18


class DutchDateTimeField(forms.DateTimeField):
    """A date and time in Dutch local time (the form's ``prepare_value`` shows stored values local)."""

    widget = DutchDateTimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value)
        if isinstance(value, datetime.date):
            raise ValidationError(
                _("Add the time to “%(value)s”, for example %(example)s."),
                code="no_time",
                params={"value": value.strftime(DISPLAY_FORMAT), "example": value.strftime(DISPLAY_FORMAT) + " 14:30"},
            )
        return from_current_timezone(parse_datetime(value))

    def strptime(self, value, format):  # pragma: no cover - to_python does not use input_formats
        raise NotImplementedError


def _publishing_panel_class():
    from wagtail.admin.panels import FieldPanel, PublishingPanel

    class DutchPublishingPanel(PublishingPanel):
        """Wagtail's publishing schedule ("Publicatieplanning") with the Dutch date-time field: Wagtail's
        own picker rewrites what it cannot parse into another moment."""

        def __init__(self, **kwargs):
            attrs = {
                "data-controller": "w-action",
                "data-action": "w-dialog:hidden->w-action#reset",
                "data-w-dialog-target": "notify",
            }
            kwargs.setdefault(
                "children",
                [FieldPanel(name, widget=DutchDateTimeInput(attrs=attrs)) for name in ("go_live_at", "expire_at")],
            )
            super().__init__(**kwargs)

    return DutchPublishingPanel


def publishing_panel():
    """The publishing schedule ("Publicatieplanning") with the Dutch date-time field."""
    return _publishing_panel_class()()


def page_settings_panels() -> list:
    """``settings_panels`` for our page types: Wagtail's, with the Dutch publishing schedule."""
    from wagtail.models import Page

    return [publishing_panel(), *Page.settings_panels[1:]]
