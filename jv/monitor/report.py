"""The half-year report (youth chapter) as an accessible, tagged PDF (WeasyPrint, PDF/UA-1).

The figures follow the disclosure rule for the requester: the public version for anonymous
visitors (and for ``monitor_report`` unless ``--members``), exact values for members.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jv.core.cache import content_version
from jv.monitor import charts, service
from jv.monitor.dashboard import cell_text, publications, rate_text
from jv.monitor.models import ContextFigure
from jv.monitor.periods import Period

# WeasyPrint logs every layout step at INFO; keep the server log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

REPORT_CSS = Path(__file__).resolve().parent / "static" / "monitor" / "report.css"


def available_periods(version=None) -> list[Period]:
    version = content_version() if version is None else version
    periods = set()
    for indicator in service.count_indicators():
        periods.update(service.indicator_data(indicator, version).periods)
    return sorted(periods)


def _ordered_codes(h) -> list[str]:
    codes = []
    for region in h.regions:
        codes.append(region)
        for district in h.districts:
            if h.parent.get(district) != region:
                continue
            codes.append(district)
            codes.extend(g for g in h.gemeenten if h.parent.get(g) == district)
    codes.extend(g for g in h.gemeenten if g not in codes)
    return codes


def report_context(period: Period, user, members_version: bool) -> dict:
    version = content_version()
    h = service.hierarchy(version)
    sections = []
    fictitious = False
    for indicator in service.count_indicators():
        data = service.indicator_data(indicator, version)
        if period not in data.trees:
            sections.append({"indicator": indicator, "rows": [], "charts": [], "fictitious": False})
            continue
        fictitious = fictitious or data.fictitious
        rows = []
        for code in _ordered_codes(h):
            points = service.series(data, code, user, version)
            if all(p.cell is None for p in points):
                continue
            current = next(p for p in points if p.period == period)
            previous, year = service.changes(points, period)
            rows.append(
                {
                    "area": h.areas[code],
                    "value": cell_text(current),
                    "rate": rate_text(current),
                    "previous": previous,
                    "year": year,
                    "fictitious": bool(current.cell and current.cell.fictitious),
                }
            )
        section_charts = []
        for region in h.regions:
            points = [p for p in service.series(data, region, user, version) if p.period <= period]
            if points and any(p.value is not None for p in points):
                labels = [str(p.period) for p in points]
                desc = _(
                    "Course of %(indicator)s in %(area)s per half-year up to %(period)s. The table in this chapter holds the figures."
                ) % {"indicator": indicator.name, "area": h.areas[region].name, "period": period}
                section_charts.append(
                    charts.line_chart(
                        f"r-{indicator.code}",
                        f"{indicator.name}: {h.areas[region].name}",
                        desc,
                        labels,
                        [charts.Series(h.areas[region].name, [p.value for p in points])],
                    )
                )
        cells = service.cells_for(data, period, user, version)
        district_cells = [(h.areas[c], cells[c]) for c in h.districts if c in cells]
        if district_cells:
            bars = [(a.name, c.value, cell_text(service.Point(period, c))) for a, c in district_cells]
            desc = _("Bar chart of %(indicator)s per district in %(period)s.") % {
                "indicator": indicator.name,
                "period": period,
            }
            title = _("%(indicator)s per district, %(period)s") % {"indicator": indicator.name, "period": period}
            section_charts.append(charts.bar_chart(f"d-{indicator.code}", title, desc, bars))
        sections.append(
            {
                "indicator": indicator,
                "rows": rows,
                "charts": section_charts,
                "fictitious": data.fictitious,
                "context": list(ContextFigure.objects.filter(indicator=indicator)),
            }
        )
    return {
        "period": period,
        "sections": sections,
        "fictitious": fictitious,
        "members_version": members_version,
        "general_context": list(ContextFigure.objects.filter(indicator__isnull=True, area_code="NL")),
        "municipal_context": list(
            ContextFigure.objects.filter(indicator__isnull=True, area_code__in=h.gemeenten).order_by(
                "area_name", "topic", "period"
            )
        ),
        "publications": publications(),
        "generated_at": timezone.localtime(),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
    }


def render_pdf(period: Period, user, members_version: bool) -> bytes:
    from jv.core.pdf import write_pdf  # the one URL fetcher: our own static files only

    html = render_to_string("monitor/report.html", report_context(period, user, members_version))
    return write_pdf(html, stylesheets=["monitor/report.css"], pdf_variant="pdf/ua-1")
