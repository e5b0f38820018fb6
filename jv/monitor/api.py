"""Read-only JSON API of the monitor (mounted under /api/v1/monitor/).

Values follow the same disclosure rule as the pages: anonymous callers get ``value: null,
suppressed: true`` for shielded counts; signed-in members get exact values.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import page, page_schema
from jv.api.query import ChoiceParam, PageQuery, TextParam, parse
from jv.core.cache import content_version
from jv.monitor import service
from jv.monitor.models import Area

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
ERROR = inline_serializer(
    name="MonitorError",
    fields={
        "error": inline_serializer(
            name="MonitorErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "parameter": serializers.CharField(),
            },
        )
    },
)


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Area.Level.values)
    parent = serializers.CharField(
        allow_null=True, help_text="Code of the district (municipality) or region (district)."
    )
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    successor = serializers.CharField(
        allow_null=True, help_text="For a former municipality: the code its figures count for."
    )


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField()
    fictitious = serializers.BooleanField(
        help_text="True while the figures of this indicator are fictitious demo data."
    )


class ChangeSerializer(serializers.Serializer):
    p_value = serializers.FloatField(help_text="Exact conditional (binomial) test against the previous half-year")
    significant = serializers.BooleanField(help_text="p_value < 0.05 (this area on its own, no FDR correction)")
    text = serializers.CharField(help_text="Plain-Dutch conclusion")


class TrendSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down", "none"])
    p_value = serializers.FloatField(help_text="Poisson regression on time over the last (up to) 8 half-years")
    text = serializers.CharField(help_text="Plain-Dutch conclusion")


class PointSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-H1 or YYYY-H2")
    value = serializers.IntegerField(allow_null=True, help_text="null when missing or shielded")
    suppressed = serializers.BooleanField(help_text="true when the value is shielded for you (small-number rule)")
    lower = serializers.FloatField(allow_null=True, help_text="Exact (Garwood) Poisson interval of the count, lower")
    upper = serializers.FloatField(allow_null=True, help_text="Exact (Garwood) Poisson interval of the count, upper")
    confidence = serializers.FloatField(help_text="Confidence level of the intervals (0.95)")
    rate = serializers.FloatField(
        allow_null=True, help_text="Per 1,000 young people (complete counts with a known population)"
    )
    rate_lower = serializers.FloatField(allow_null=True)
    rate_upper = serializers.FloatField(allow_null=True)
    change = ChangeSerializer(
        allow_null=True,
        help_text="Against the previous half-year; null when either value is hidden, missing or incomplete",
    )


class SeriesSerializer(serializers.Serializer):
    area = serializers.CharField()
    indicator = serializers.CharField()
    points = PointSerializer(many=True)
    trend = TrendSerializer(allow_null=True, help_text="null with fewer than 4 published complete half-years")
    conclusions = serializers.ListField(child=serializers.CharField(), help_text="Plain-Dutch conclusions")


def envelope(name, item):
    return inline_serializer(name=name, fields={"count": serializers.IntegerField(), "results": item(many=True)})


class AreaQuery(PageQuery):
    level = ChoiceParam(Area.Level.values, help_text="Only this level")


class AreaList(APIView):
    @extend_schema(
        summary="Areas of the monitor (region, districts, municipalities, former municipalities)",
        parameters=[AreaQuery],
        responses={200: page_schema("MonitorAreaList", AreaSerializer), 400: ERROR},
    )
    def get(self, request):
        query = parse(request, AreaQuery)
        level = query["level"]
        h = service.hierarchy()
        rows = []
        for area in h.areas.values():
            if level and area.level != level:
                continue
            rows.append(
                {
                    "code": area.code,
                    "name": area.name,
                    "level": area.level,
                    "parent": h.parent.get(area.code),
                    "valid_from": area.valid_from,
                    "valid_until": area.valid_until,
                    "successor": h.effective.get(area.code) if area.is_former else None,
                }
            )
        return Response(page(request, rows, lambda items: AreaSerializer(items, many=True).data, query))


class IndicatorList(APIView):
    @extend_schema(
        summary="Indicators of the youth chapter",
        parameters=[PageQuery],
        responses=page_schema("MonitorIndicatorList", IndicatorSerializer),
    )
    def get(self, request):
        query = parse(request, PageQuery)
        version = content_version()
        rows = []
        for indicator in service.count_indicators():
            data = service.indicator_data(indicator, version)
            rows.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "description": indicator.description,
                    "source": indicator.source,
                    "fictitious": data.fictitious,
                }
            )
        return Response(page(request, rows, lambda items: IndicatorSerializer(items, many=True).data, query))


class SeriesQuery(serializers.Serializer):
    indicator = TextParam(required=True, max_length=60, help_text="Indicator code, e.g. halt")
    area = TextParam(required=True, max_length=60, help_text="Area code, e.g. GM0599 or regio-rotterdam")


class SeriesView(APIView):
    @extend_schema(
        summary="Half-year series of one indicator for one area",
        description=(
            "Every half-year from the first to the last with figures. Shielded counts (small-number rule) are "
            "`value: null, suppressed: true` for anonymous callers; members get exact values. A missing "
            "figure is `value: null, suppressed: false`. The header `X-Monitor-Fictitious: true` marks fictitious demo data."
        ),
        parameters=[SeriesQuery],
        responses={200: SeriesSerializer, 400: ERROR},
    )
    def get(self, request):
        query = parse(request, SeriesQuery)
        indicator_code, area_code = query["indicator"], query["area"]
        indicators = {i.code: i for i in service.count_indicators()}
        indicator = indicators.get(indicator_code)
        if indicator is None:
            raise InvalidParameter("indicator", _("Unknown indicator: %(code)s.") % {"code": indicator_code[:60]})
        version = content_version()
        h = service.hierarchy(version)
        area = h.areas.get(area_code) if CODE_RE.match(area_code) else None
        if area is None:
            upper = area_code.upper()
            area = h.areas.get(upper) if CODE_RE.match(area_code) else None
        if area is None:
            raise InvalidParameter("area", _("Unknown area: %(code)s.") % {"code": area_code[:60]})
        if area.is_former:
            raise InvalidParameter(
                "area",
                _("%(name)s no longer exists; its figures count for %(successor)s.")
                % {"name": area.name, "successor": h.effective[area.code]},
            )
        data = service.indicator_data(indicator, version)
        points = service.series(data, area.code, request.user, version)
        body = series_body(area, indicator, points)
        if data.periods and area.level == Area.Level.GEMEENTE:
            from jv.monitor import funnel

            compared = funnel.comparison(data, data.periods[-1], request.user, version, h, area)
            body["conclusions"].extend(funnel.sentences(compared, area.code))
        response = Response(body)
        if data.fictitious:
            response["X-Monitor-Fictitious"] = "true"
        return response


def _round(value, digits=3):
    return None if value is None else round(float(value), digits)


def series_body(area, indicator, points) -> dict:
    """The JSON of one series: values as the caller may see them, with intervals and tests on those values."""
    from jv.monitor import conclusions, statistics
    from jv.monitor.dashboard import AreaSeries, area_conclusions

    rows = []
    previous = None
    for point in points:
        if point.cell is None:
            previous = None
            continue
        interval, rate_interval = point.interval, point.rate_interval
        change = None
        if previous is not None and previous.period == point.period.previous():
            candidate = service.Change(point, previous, "previous")
            if candidate.test is not None:
                change = {
                    "p_value": _round(candidate.p_value, 4),
                    "significant": bool(candidate.significant),
                    "text": conclusions.change_sentence(area.name, indicator, candidate),
                }
        rows.append(
            {
                "period": str(point.period),
                "value": point.value,
                "suppressed": point.suppressed,
                "lower": _round(interval[0]) if interval else None,
                "upper": _round(interval[1]) if interval else None,
                "confidence": statistics.CONFIDENCE,
                "rate": _round(point.rate, 1),
                "rate_lower": _round(rate_interval[0], 2) if rate_interval else None,
                "rate_upper": _round(rate_interval[1], 2) if rate_interval else None,
                "change": change,
            }
        )
        previous = point
    applicable = [p for p in points if p.cell is not None]
    trend = service.trend(points) if applicable else None
    trend_body = None
    if trend is not None:
        trend_body = {
            "direction": trend.direction,
            "p_value": _round(trend.p_value, 4),
            "text": conclusions.trend_sentence(area.name, indicator, trend, points),
        }
    summary = AreaSeries(area.code, area.name, area.level, points)
    if applicable:
        summary.latest = points[-1]
        summary.previous_change, summary.year_change = service.changes(points, points[-1].period)
        summary.trend = trend
        summary.trend_text = trend_body["text"] if trend_body else ""
    return {
        "area": area.code,
        "indicator": indicator.code,
        "points": rows,
        "trend": trend_body,
        "conclusions": area_conclusions(area.name, indicator, summary) if applicable else [],
    }
