"""Public pages of the monitor: dashboard, CSV/XLSX downloads and the half-year report PDF.

Every number passes through ``jv.monitor.disclosure.disclose`` (via ``jv.monitor.service``), so
anonymous visitors get the public version and signed-in members the exact one.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jv.api.throttling import throttle
from jv.core.cache import content_version
from jv.core.visibility import is_member
from jv.monitor import dashboard as board
from jv.monitor import exports, report, service
from jv.monitor.forms import DashboardForm, ExportForm, ReportForm
from jv.monitor.models import ImportRecord


def _basics():
    version = content_version()
    h = service.hierarchy(version)
    return version, h, service.public_areas(h), list(service.count_indicators())


@require_GET
def dashboard(request):
    version, h, areas, indicators = _basics()
    form = DashboardForm(request.GET or None, areas=areas, indicators=indicators)
    context = {"form": form, "areas_exist": bool(areas), "indicators_exist": bool(indicators)}
    if form.is_bound and not form.is_valid():
        return render(request, "monitor/dashboard.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    if not areas or not indicators:
        return render(request, "monitor/dashboard.html", context)
    area_code = data.get("gebied") or next((a.code for a in areas if a.level == "regio"), areas[0].code)
    indicator_code = data.get("indicator") or indicators[0].code
    area = h.areas[area_code]
    indicator = next(i for i in indicators if i.code == indicator_code)
    view = board.build(area, indicator, request.user, version, h)
    if not form.is_bound:
        form = DashboardForm(
            initial={"gebied": area.code, "indicator": indicator.code}, areas=areas, indicators=indicators
        )
    gemeente_codes = [s.code for s in view.comparison if s.level == "gemeente"]
    last_import = ImportRecord.objects.filter(kind=ImportRecord.Kind.FIGURES).first()
    context.update(
        {
            "form": form,
            "view": view,
            "area": area,
            "indicator": indicator,
            "member_view": is_member(request.user),
            "context_figures": list(board.context_figures(indicator, gemeente_codes)),
            "publications": board.publications(),
            "query": f"gebied={area.code}&indicator={indicator.code}",
            "report_periods": list(reversed(view.periods)),
            "last_import": last_import,
            "any_fictitious": view.fictitious or service.any_fictitious(),
        }
    )
    return render(request, "monitor/dashboard.html", context)


def _export(request, fmt):
    version, h, areas, indicators = _basics()
    form = ExportForm(request.GET or None, areas=areas, indicators=indicators)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}".strip(": ")
            for k, v in form.errors.items()
        )
        return HttpResponse(
            _("Invalid download request: %(errors)s") % {"errors": errors},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data if form.is_bound else {}
    chosen_areas = [h.areas[data["gebied"]]] if data.get("gebied") else areas
    chosen_indicators = [i for i in indicators if i.code == data["indicator"]] if data.get("indicator") else indicators
    rows = list(
        exports.rows(request.user, version, h, chosen_areas, chosen_indicators, data.get("van"), data.get("tot"))
    )
    suffix = "-".join(filter(None, [data.get("gebied"), data.get("indicator")])) or "alle"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        fictitious = any(r[14] == "ja" for r in rows)
        response = HttpResponse(
            exports.to_xlsx(rows, fictitious),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="monitor-jeugd-{suffix}.{fmt}"'
    return response


@require_GET
@throttle("export")
def export_csv(request):
    return _export(request, "csv")


@require_GET
@throttle("export")
def export_xlsx(request):
    return _export(request, "xlsx")


@require_GET
@throttle("pdf")
def report_pdf(request):
    form = ReportForm(request.GET or None)
    periods = report.available_periods()
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(form.errors.get("periode", [])), status=400, content_type="text/plain; charset=utf-8"
        )
    period = (form.cleaned_data.get("periode") if form.is_bound else None) or (periods[-1] if periods else None)
    if period is None or period not in periods:
        return HttpResponse(
            _("There are no figures for this half-year."), status=404, content_type="text/plain; charset=utf-8"
        )
    member = is_member(request.user)
    # Rendering takes seconds: keep the PDF per half-year, access level and data version.
    key = f"monitor:report:{period}:{'members' if member else 'public'}:{content_version()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = report.render_pdf(period, request.user, members_version=member)
        cache.set(key, pdf, timeout=24 * 3600)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = "-leden" if member else ""
    response["Content-Disposition"] = f'attachment; filename="monitor-jeugd-{period}{suffix}.pdf"'
    return response
