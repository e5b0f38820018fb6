"""Read-only API of the region: GET /api/v1/gemeenten/ and /api/v1/gemeenten/<slug>/.

Same rules as the pages: only published gemeenten, partner organisations and agreements the
caller may see, intervention availability with its "te controleren" flag, and the latest monitor
figures through the disclosure rules of ``jv.monitor.service``. Contact persons are never part
of this API (members find them on the page and at /api/v1/contacts/).

Lists take ``limit`` and ``offset`` and answer ``count``, ``next``, ``previous`` and ``results``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.params import int_param
from jv.core.visibility import visible
from jv.region import views
from jv.region.models import Agreement, Gemeente

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def paginate(request, items: list, default_limit: int = DEFAULT_LIMIT, max_limit: int = MAX_LIMIT) -> dict:
    """``{"count", "next", "previous", "results"}`` for ``items`` with ``limit``/``offset``."""
    limit = int_param(request, "limit", 1, max_limit, default=default_limit)
    offset = int_param(request, "offset", 0, 10**9, default=0)
    count = len(items)

    def link(new_offset: int) -> str:
        query = request.query_params.copy()
        query["limit"] = str(limit)
        query["offset"] = str(new_offset)
        return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))

    return {
        "count": count,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "results": items[offset : offset + limit],
    }


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class GemeenteSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    cbs_code = serializers.CharField(source="area.code", help_text="CBS code, e.g. GM0599.")
    district = serializers.SerializerMethodField()
    district_to_verify = serializers.BooleanField(
        help_text="True while the district this gemeente belongs to is an unconfirmed default ('te controleren')."
    )
    to_verify = serializers.BooleanField(source="needs_verification")
    page_url = serializers.SerializerMethodField()

    def get_district(self, gemeente) -> dict | None:
        district = gemeente.district
        return {"code": district.code, "name": district.name} if district else None

    def get_page_url(self, gemeente) -> str:
        return self.context["request"].build_absolute_uri(gemeente.get_url())


class PartnerSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    kind = serializers.CharField(source="organisation.kind")
    role = serializers.CharField()
    to_verify = serializers.BooleanField()


class AgreementSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="null when the date is not known ('te controleren').")
    date_precision = serializers.CharField(help_text="day, month or year: how much of `date` is meaningful.")
    source = serializers.CharField()
    source_url = serializers.CharField()
    visibility = serializers.CharField()
    to_verify = serializers.BooleanField(source="needs_verification")


class AvailabilitySerializer(serializers.Serializer):
    intervention = serializers.CharField(source="intervention.slug")
    name = serializers.CharField(source="intervention.name")
    availability = serializers.CharField(source="status", help_text="beschikbaar, niet or onbekend")
    provider = serializers.CharField()
    note = serializers.CharField()
    to_verify = serializers.BooleanField(help_text="True until an editor confirmed the availability.")


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="code")
    name = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-H1 or YYYY-H2: the latest half-year with figures")
    value = serializers.IntegerField(allow_null=True, help_text="null when missing or shielded")
    display = serializers.CharField(help_text="What the page shows: the number, '<5', 'afgeschermd', ...")
    suppressed = serializers.BooleanField(help_text="true when the value is shielded for you (small-number rule)")
    fictitious = serializers.BooleanField(help_text="true for fictitious demo figures")
    change = serializers.CharField(help_text="The change since the previous half-year, in plain Dutch")


class GemeenteDetailSerializer(GemeenteSerializer):
    intro = serializers.CharField()
    website = serializers.CharField()
    partners = PartnerSerializer(many=True)
    agreements = AgreementSerializer(many=True)
    interventions = AvailabilitySerializer(many=True)
    figures = FigureSerializer(many=True)


class _Row:
    """An availability row as the serializer reads it (explicit or the 'onbekend' default)."""

    def __init__(self, row: dict):
        self.intervention = row["intervention"]
        self.status = row["status"]
        self.provider = row["provider"]
        self.note = row["note"]
        self.to_verify = row["to_verify"]


def _gemeenten(user):
    return visible(Gemeente.objects.all(), user).select_related("area__parent").order_by("name")


class GemeenteList(APIView):
    @extend_schema(
        operation_id="gemeenten_list",
        summary="The gemeenten of the region, with their district",
        parameters=[
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"Results per page, 1-{MAX_LIMIT} (default {DEFAULT_LIMIT})"
            ),
            OpenApiParameter("offset", OpenApiTypes.INT, description="Skip this many results (default 0)"),
        ],
        responses=inline_serializer(
            name="GemeenteList",
            fields={
                "count": serializers.IntegerField(),
                "next": serializers.CharField(allow_null=True),
                "previous": serializers.CharField(allow_null=True),
                "results": GemeenteSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        data = GemeenteSerializer(_gemeenten(request.user), many=True, context={"request": request}).data
        return Response(paginate(request, list(data)))


class GemeenteDetail(APIView):
    @extend_schema(
        operation_id="gemeenten_retrieve",
        summary="One gemeente: district, partners, agreements, interventions and latest monitor figures",
        description=(
            "Monitor figures follow the disclosure rule of the monitor: anonymous callers get "
            "`value: null, suppressed: true` for shielded counts; members get exact values. "
            "Unknown facts carry `to_verify: true` ('te controleren')."
        ),
        responses={200: GemeenteDetailSerializer, 404: OpenApiResponse(description="Not found")},
    )
    def get(self, request, slug):
        user = request.user
        gemeente = _gemeenten(user).filter(slug=slug).first()
        if gemeente is None:
            raise exceptions.NotFound()
        gemeente.partners_visible = views.partner_rows(gemeente, user)
        payload = GemeenteSerializer(gemeente, context={"request": request}).data
        payload.update(
            {
                "intro": gemeente.intro,
                "website": gemeente.website,
                "partners": PartnerSerializer(gemeente.partners_visible, many=True).data,
                "agreements": AgreementSerializer(
                    visible(Agreement.objects.filter(gemeenten=gemeente), user).order_by("-date", "title"), many=True
                ).data,
                "interventions": AvailabilitySerializer(
                    [_Row(row) for row in views.availability_rows(gemeente, user)], many=True
                ).data,
                "figures": FigureSerializer(views.figure_rows(gemeente.area, user), many=True).data,
            }
        )
        return Response(payload)
