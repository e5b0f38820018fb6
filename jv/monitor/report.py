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
from jv.monitor import charts, conclusions, funnel, service
from jv.monitor.dashboard import cell_text, publications, range_text, rate_text
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
            trend = service.trend(points, up_to=period)
            rows.append(
                {
                    "area": h.areas[code],
                    "value": cell_text(current),
                    "range": range_text(current.interval),
                    "rate": rate_text(current),
                    "rate_range": range_text(current.rate_interval),
                    "previous": previous,
                    "year": year,
                    "trend": trend,
                    "trend_word": conclusions.trend_word(trend),
                    "trend_text": conclusions.trend_sentence(
                        h.areas[code].name, indicator, trend, [p for p in points if p.period <= period]
                    ),
                    "fictitious": bool(current.cell and current.cell.fictitious),
                }
            )
        # The chapter's table is one screen: its changes are corrected together (FDR).
        service.adjust_changes([c for row in rows for c in (row["previous"], row["year"])])
        section_conclusions = _conclusions(indicator, rows)
        section_funnel = None
        if h.regions:
            section_funnel = funnel.build(
                data, period, user, version, h, h.areas[h.regions[0]], chart_id=f"f-{indicator.code}"
            )
        if section_funnel is not None:
            outside = [i.name for i in section_funnel.items if i.region_position not in (None, "within")]
            if outside:
                text = _(
                    "Compared fairly with the region (funnel plot, by number of young people), these municipalities differ more than chance explains: %(names)s."
                ) % {"names": ", ".join(outside)}
            else:
                text = _(
                    "Compared fairly with the region (funnel plot, by number of young people), no municipality differs more than chance explains."
                )
            section_conclusions.append(text)
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
                        [charts.Series(h.areas[region].name, [p.value for p in points], [p.interval for p in points])],
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
        if section_funnel is not None:
            section_charts.append(section_funnel.svg)
        sections.append(
            {
                "indicator": indicator,
                "rows": rows,
                "conclusions": section_conclusions,
                "tests": sum(1 for row in rows for c in (row["previous"], row["year"]) if c and c.test),
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


def _conclusions(indicator, rows) -> list[str]:
    """Region and districts always; a gemeente when its change is probably real (after FDR)."""
    result = []
    for row in rows:
        area = row["area"]
        previous = row["previous"]
        wide = area.level in ("regio", "district")
        if wide or (previous is not None and previous.significant):
            sentence = conclusions.change_sentence(area.name, indicator, previous)
            if sentence:
                result.append(sentence)
        if area.level == "regio" and row["trend_text"]:
            result.append(row["trend_text"])
        elif row["trend"] is not None and row["trend"].direction != "none":
            result.append(row["trend_text"])
    return result


def render_pdf(period: Period, user, members_version: bool) -> bytes:
    from jv.core.pdf import write_pdf  # the one URL fetcher: our own static files only

    html = render_to_string("monitor/report.html", report_context(period, user, members_version))
    return write_pdf(html, stylesheets=["monitor/report.css"], pdf_variant="pdf/ua-1")
