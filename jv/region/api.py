"""Read-only API of the region: GET /api/v1/gemeenten/ and /api/v1/gemeenten/<slug>/.

Same rules as the pages: only published gemeenten, partner organisations and agreements the
caller may see, intervention availability with its "te controleren" flag, and the latest monitor
figures through the disclosure rules of ``jv.monitor.service``. Contact persons are never part
of this API (members find them on the page and at /api/v1/contacts/).

The list follows the one convention of the API (``jv.api.lists``: limit/offset pages).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.lists import page, page_schema
from jv.api.query import PageQuery, parse
from jv.core.visibility import visible
from jv.region import views
from jv.region.models import Agreement, Gemeente


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
        parameters=[PageQuery],
        responses=page_schema("GemeenteList", GemeenteSerializer),
    )
    def get(self, request):
        query = parse(request, PageQuery)
        context = {"request": request}
        body = page(
            request,
            _gemeenten(request.user),
            lambda items: GemeenteSerializer(items, many=True, context=context).data,
            query,
        )
        return Response(body)


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
