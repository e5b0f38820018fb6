"""Exports of a strategy selection: CSV (for spreadsheets) and PDF (WeasyPrint, tagged PDF/UA).

Both receive interventions that were already narrowed by jv.core.visibility, with their
relations prefetched (catalogue.with_relations), and carry the source and date of every rating.
"""

from __future__ import annotations

import csv

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

CSV_COLUMNS = [
    ("naam", lambda i, r: i.name),
    ("slug", lambda i, r: i.slug),
    ("url", lambda i, r: r.build_absolute_uri(i.get_url()) if r else i.get_url()),
    ("samenvatting", lambda i, r: i.summary),
    ("erkenningsniveau", lambda i, r: i.get_recognition_level_display()),
    ("erkenningsdatum", lambda i, r: i.recognition_date_iso or ""),
    ("bron_erkenning", lambda i, r: i.recognition_source),
    ("toelichting_erkenning", lambda i, r: i.recognition_note),
    ("in_herbeoordeling", lambda i, r: "ja" if i.under_review else "nee"),
    ("bron_url", lambda i, r: i.source_url),
    ("leeftijd_min", lambda i, r: "" if i.age_min is None else str(i.age_min)),
    ("leeftijd_max", lambda i, r: "" if i.age_max is None else str(i.age_max)),
    ("preventieniveau", lambda i, r: i.get_prevention_level_display()),
    ("setting", lambda i, r: i.get_setting_display()),
    ("themas", lambda i, r: ", ".join(t.title for t in i.visible_themes)),
    ("risicofactoren", lambda i, r: ", ".join(f.name for f in i.risk_list)),
    ("beschermende_factoren", lambda i, r: ", ".join(f.name for f in i.protective_list)),
    ("aanbieder", lambda i, r: i.provider),
    ("beschikbaarheid_regio", lambda i, r: i.get_regional_availability_display()),
    ("waarschuwingen_kwaliteitskader", lambda i, r: " | ".join(w.title for w in i.warning_list)),
    ("te_controleren", lambda i, r: "ja" if i.needs_verification else "nee"),
    ("te_controleren_toelichting", lambda i, r: i.verification_note),
    ("laatst_gecontroleerd", lambda i, r: i.last_reviewed.isoformat() if i.last_reviewed else ""),
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Plain text for a spreadsheet cell; a leading formula character is neutralised."""
    text = str(value or "").replace("\x00", "")
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_csv(stream, items, request=None) -> None:
    """UTF-8 with BOM and ';' as separator, which Dutch spreadsheet programs open directly."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([name for name, _get in CSV_COLUMNS])
    for item in items:
        writer.writerow([safe_cell(get(item, request)) for _name, get in CSV_COLUMNS])


def render_pdf(request, items, title: str = "") -> bytes:
    from jv.core.pdf import write_pdf  # the one URL fetcher: our own static files only

    html = render_to_string(
        "interventions/strategy_pdf.html",
        {
            "items": items,
            "title": title or _("Strategy: selected interventions"),
            "generated_at": timezone.localtime(),
            "site_url": request.build_absolute_uri("/"),
        },
        request=request,
    )
    stylesheets = ["interventions/strategy-pdf.css"] if finders.find("interventions/strategy-pdf.css") else []
    return write_pdf(html, stylesheets=stylesheets, base_url=request.build_absolute_uri("/"), pdf_variant="pdf/ua-1")
