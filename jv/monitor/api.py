"""Read-only JSON API of the monitor (mounted under /api/v1/monitor/).

Values follow the same disclosure rule as the pages: anonymous callers get ``value: null,
suppressed: true`` for shielded counts; signed-in members get exact values.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.params import choice_param, get_param
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


class PointSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-H1 or YYYY-H2")
    value = serializers.IntegerField(allow_null=True, help_text="null when missing or shielded")
    suppressed = serializers.BooleanField(help_text="true when the value is shielded for you (small-number rule)")


class SeriesSerializer(serializers.Serializer):
    area = serializers.CharField()
    indicator = serializers.CharField()
    points = PointSerializer(many=True)


def envelope(name, item):
    return inline_serializer(name=name, fields={"count": serializers.IntegerField(), "results": item(many=True)})


class AreaList(APIView):
    @extend_schema(
        summary="Areas of the monitor (region, districts, municipalities, former municipalities)",
        parameters=[OpenApiParameter("level", OpenApiTypes.STR, enum=Area.Level.values, description="Only this level")],
        responses={200: envelope("MonitorAreaList", AreaSerializer), 400: ERROR},
    )
    def get(self, request):
        level = choice_param(request, "level", Area.Level.values)
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
        data = AreaSerializer(rows, many=True).data
        return Response({"count": len(data), "results": data})


class IndicatorList(APIView):
    @extend_schema(
        summary="Indicators of the youth chapter", responses=envelope("MonitorIndicatorList", IndicatorSerializer)
    )
    def get(self, request):
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
        data = IndicatorSerializer(rows, many=True).data
        return Response({"count": len(data), "results": data})


class SeriesView(APIView):
    @extend_schema(
        summary="Half-year series of one indicator for one area",
        description=(
            "Every half-year from the first to the last with figures. Shielded counts (small-number rule) are "
            "`value: null, suppressed: true` for anonymous callers; members get exact values. A missing "
            "figure is `value: null, suppressed: false`. The header `X-Monitor-Fictitious: true` marks fictitious demo data."
        ),
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="Indicator code, e.g. halt"),
            OpenApiParameter(
                "area", OpenApiTypes.STR, required=True, description="Area code, e.g. GM0599 or regio-rotterdam"
            ),
        ],
        responses={200: SeriesSerializer, 400: ERROR},
    )
    def get(self, request):
        indicator_code = get_param(request, "indicator")
        area_code = get_param(request, "area")
        if indicator_code is None:
            raise InvalidParameter("indicator", _("The parameter 'indicator' is required."))
        if area_code is None:
            raise InvalidParameter("area", _("The parameter 'area' is required."))
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
        body = {
            "area": area.code,
            "indicator": indicator.code,
            "points": [
                {"period": str(p.period), "value": p.value, "suppressed": p.suppressed}
                for p in points
                if p.cell is not None
            ],
        }
        response = Response(body)
        if data.fictitious:
            response["X-Monitor-Fictitious"] = "true"
        return response
