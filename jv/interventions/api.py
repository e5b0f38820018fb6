"""Read-only API of the interventiewijzer. Visibility comes from jv.core.visibility."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.params import choice_param, int_param, slug_param
from jv.dossier.api import envelope
from jv.interventions import catalogue
from jv.interventions.models import MAX_AGE, Domain, FactorKind, PreventionLevel, RecognitionLevel, Setting

MAX_LIMIT = 500
LEVEL_VALUES = [*RecognitionLevel.values, catalogue.RECOGNISED]


class InterventionSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The intervention's page on this platform.")
    summary = serializers.CharField()
    recognition_level = serializers.ChoiceField(
        choices=RecognitionLevel.values, help_text="Recognition level as in the NJI databank."
    )
    recognition_date = serializers.SerializerMethodField(
        help_text="Date of the judgement, ISO 8601 with the precision that is known: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    recognition_source = serializers.CharField(help_text="Who made the judgement.")
    source_url = serializers.CharField(help_text="Link to the record in the databank.")
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    prevention_level = serializers.ChoiceField(choices=PreventionLevel.values)
    setting = serializers.ChoiceField(choices=Setting.values)
    themes = serializers.SerializerMethodField(help_text="Theme slugs.")
    risk_factors = serializers.SerializerMethodField(help_text="Slugs of the risk factors it addresses.")
    protective_factors = serializers.SerializerMethodField(help_text="Slugs of the protective factors it strengthens.")

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item.get_url())

    def get_recognition_date(self, item) -> str | None:
        return item.recognition_date_iso

    def get_themes(self, item) -> list[str]:
        return [theme.slug for theme in item.visible_themes]

    def get_risk_factors(self, item) -> list[str]:
        return [factor.slug for factor in item.risk_list]

    def get_protective_factors(self, item) -> list[str]:
        return [factor.slug for factor in item.protective_list]


class FactorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FactorKind.values)
    domain = serializers.ChoiceField(choices=Domain.values)


def _factor_param(request, name: str, kind: str):
    slug = slug_param(request, name)
    if slug is not None and not catalogue.factors(request.user).filter(slug=slug, kind=kind).exists():
        message = (
            _("Unknown risk factor: %(slug)s.")
            if kind == FactorKind.RISK
            else _("Unknown protective factor: %(slug)s.")
        )
        raise InvalidParameter(name, message % {"slug": slug})
    return slug


class InterventionList(APIView):
    @extend_schema(
        summary="Interventions of the interventiewijzer",
        description=(
            "Public interventions (members also see members-only ones), ordered by name. `count` is the number "
            "of matching interventions; `results` holds at most `limit` of them."
        ),
        parameters=[
            OpenApiParameter("theme", OpenApiTypes.STR, description="Theme slug"),
            OpenApiParameter("age", OpenApiTypes.INT, description=f"Age in years (0-{MAX_AGE}): suitable for this age"),
            OpenApiParameter("risk_factor", OpenApiTypes.STR, description="Slug of a risk factor it addresses"),
            OpenApiParameter(
                "protective_factor", OpenApiTypes.STR, description="Slug of a protective factor it strengthens"
            ),
            OpenApiParameter(
                "level",
                OpenApiTypes.STR,
                enum=LEVEL_VALUES,
                description="Recognition level; 'erkend' = any recognised level",
            ),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"At most this many results (1-{MAX_LIMIT})"),
        ],
        responses=envelope("InterventionList", InterventionSerializer),
    )
    def get(self, request):
        user = request.user
        theme = slug_param(request, "theme")
        if theme is not None and not catalogue.themes(user).filter(slug=theme).exists():
            raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
        age = int_param(request, "age", 0, MAX_AGE)
        risk_factor = _factor_param(request, "risk_factor", FactorKind.RISK)
        protective_factor = _factor_param(request, "protective_factor", FactorKind.PROTECTIVE)
        level = choice_param(request, "level", LEVEL_VALUES)
        limit = int_param(request, "limit", 1, MAX_LIMIT)
        queryset = catalogue.apply_filters(
            catalogue.interventions(user),
            theme=theme,
            age=age,
            level=level,
            risk_factor=risk_factor,
            protective_factor=protective_factor,
        ).order_by("name")
        count = queryset.count()
        if limit is not None:
            queryset = queryset[:limit]
        items = catalogue.with_relations(queryset, user)
        data = InterventionSerializer(items, many=True, context={"request": request}).data
        return Response({"count": count, "results": data})


class FactorList(APIView):
    @extend_schema(
        summary="Risk and protective factors of the framework",
        description="Factors are a framework for prevention, never a score or prediction about a person.",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=FactorKind.values, description="risk or protective"),
            OpenApiParameter("domain", OpenApiTypes.STR, enum=Domain.values, description="Domain"),
        ],
        responses=envelope("FactorList", FactorSerializer),
    )
    def get(self, request):
        queryset = catalogue.factors(request.user)
        kind = choice_param(request, "kind", FactorKind.values)
        domain = choice_param(request, "domain", Domain.values)
        if kind:
            queryset = queryset.filter(kind=kind)
        if domain:
            queryset = queryset.filter(domain=domain)
        queryset = queryset.order_by("-kind", "domain_order", "sort_order", "name")
        data = FactorSerializer(queryset, many=True).data
        return Response({"count": len(data), "results": data})
