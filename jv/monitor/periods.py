"""Half-year periods, written as ``YYYY-H1`` / ``YYYY-H2`` everywhere (files, URLs, API)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

PERIOD_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[Hh]\s*([12])\s*$")
MIN_YEAR = 1990
MAX_YEAR = 2100


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int

    @classmethod
    def parse(cls, value) -> Period:
        """``"2024-H1"`` (also ``2024-h1``, ``2024 H1``) -> Period; ValueError otherwise."""
        match = PERIOD_RE.match(str(value)) if value is not None else None
        if not match:
            raise ValueError(f"ongeldige periode {value!r}")
        year, half = int(match.group(1)), int(match.group(2))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"jaar {year} valt buiten {MIN_YEAR}-{MAX_YEAR}")
        return cls(year, half)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.half == 1:
            return gettext("first half of %(year)s") % {"year": self.year}
        return gettext("second half of %(year)s") % {"year": self.year}

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    def previous(self) -> Period:
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def year_earlier(self) -> Period:
        return Period(self.year - 1, self.half)


def period_range(first: Period, last: Period) -> list[Period]:
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.next()
    return periods
