"""The members' form to ask the VAR a question.

It must never become a place where data about a young person is stored: the form says so, and
refuses text that looks like a citizen service number (BSN: nine digits that pass the
"elfproef") or a date of birth. Errors are in Dutch and nothing is saved or sent until the
text is clean.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Nine digits, optionally grouped with spaces, dots or hyphens (123.456.782, 1234 56 782).
BSN_CANDIDATE = re.compile(r"(?<![\d])(\d(?:[ .\-]?\d){8})(?![\d])")
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
BIRTH_WORDS = re.compile(r"\b(?:geboren|geboortedatum|geboortedag|born|date of birth|dob)\b|\bgeb\.", re.IGNORECASE)
YOUNG_AGE_YEARS = 27  # a full date at most this many years ago reads as the birth date of a young person


def passes_elfproef(digits: str) -> bool:
    """The BSN check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def looks_like_bsn(text: str) -> bool:
    for match in BSN_CANDIDATE.finditer(text or ""):
        if passes_elfproef(re.sub(r"\D", "", match.group(1))):
            return True
    return False


def _dates(text: str):
    for day, month, year in NUMERIC_DATE.findall(text):
        full_year = int(year)
        if len(year) == 2:  # 01-02-09: read as 2009; 01-02-87 as 1987
            full_year += 2000 if full_year < 50 else 1900
        yield int(day), int(month), full_year
    for year, month, day in ISO_DATE.findall(text):
        yield int(day), int(month), int(year)
    for day, month_name, year in WORD_DATE.findall(text):
        month = MONTHS.get(month_name.lower())
        if month:
            yield int(day), month, int(year)


def looks_like_birth_date(text: str, today: datetime.date | None = None) -> bool:
    """A complete date next to a word like "geboren", or a complete date that lies between today
    and 27 years ago (the date of birth of a child or young adult)."""
    text = text or ""
    today = today or timezone.localdate()
    birth_words = bool(BIRTH_WORDS.search(text))
    for day, month, year in _dates(text):
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        if birth_words:
            return True
        if today - datetime.timedelta(days=round(365.25 * YOUNG_AGE_YEARS)) <= date <= today:
            return True
    return False


def refuse_personal_data(value: str) -> None:
    if looks_like_bsn(value):
        raise ValidationError(
            _(
                "This looks like a citizen service number (BSN). Remove it: never enter details "
                "of a young person in this form."
            ),
            code="bsn",
        )
    if looks_like_birth_date(value):
        raise ValidationError(
            _(
                "This looks like a date of birth. Remove the date: never enter details of a young "
                "person in this form. Describe the situation in general terms instead."
            ),
            code="birth_date",
        )


class VarQuestionForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        validators=[refuse_personal_data],
        help_text=_("A few words, for example 'Voorbeeldconvenant schoolveiligheid'."),
    )
    theme = forms.ChoiceField(label=_("Theme (optional)"), required=False)
    question = forms.CharField(
        label=_("Your question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[refuse_personal_data],
        help_text=_(
            "Ask about an approach, an agreement, a partner or a source. Do not describe a "
            "particular young person: no names, dates of birth, BSN, addresses or school classes."
        ),
    )
    reply_to = forms.EmailField(
        label=_("E-mail address for the answer"),
        required=False,
        help_text=_("Leave empty to get the answer at the e-mail address of your account."),
    )
    no_personal_data = forms.BooleanField(
        label=_("My question contains no details that could identify a young person."), required=True
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("No particular theme"))] + [(t.slug, t.title) for t in themes]
        self.theme_titles = {t.slug: t.title for t in themes}

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "question"):
            value = cleaned.get(name) or ""
            if "\x00" in value:
                self.add_error(name, _("This field contains an invalid character."))
        return cleaned
