"""Read-only API of the interventiewijzer. Visibility comes from jv.core.visibility."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import page, page_schema
from jv.api.query import ChoiceParam, IntParam, PageQuery, SlugParam, parse
from jv.interventions import catalogue
from jv.interventions.models import MAX_AGE, Domain, FactorKind, PreventionLevel, RecognitionLevel, Setting

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


def _check_factor(request, name: str, slug: str | None, kind: str):
    if slug is not None and not catalogue.factors(request.user).filter(slug=slug, kind=kind).exists():
        message = (
            _("Unknown risk factor: %(slug)s.")
            if kind == FactorKind.RISK
            else _("Unknown protective factor: %(slug)s.")
        )
        raise InvalidParameter(name, message % {"slug": slug})
    return slug


class InterventionQuery(PageQuery):
    theme = SlugParam(help_text="Theme slug")
    age = IntParam(min_value=0, max_value=MAX_AGE, help_text=f"Age in years (0-{MAX_AGE}): suitable for this age")
    risk_factor = SlugParam(help_text="Slug of a risk factor it addresses")
    protective_factor = SlugParam(help_text="Slug of a protective factor it strengthens")
    level = ChoiceParam(LEVEL_VALUES, help_text="Recognition level; 'erkend' = any recognised level")


class InterventionList(APIView):
    @extend_schema(
        summary="Interventions of the interventiewijzer",
        description=(
            "Public interventions (members also see members-only ones), ordered by name. `count` is the number "
            "of matching interventions; `results` holds at most `limit` of them, from `offset` on."
        ),
        parameters=[InterventionQuery],
        responses=page_schema("InterventionList", InterventionSerializer),
    )
    def get(self, request):
        user = request.user
        query = parse(request, InterventionQuery)
        theme = query["theme"]
        if theme is not None and not catalogue.themes(user).filter(slug=theme).exists():
            raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
        _check_factor(request, "risk_factor", query["risk_factor"], FactorKind.RISK)
        _check_factor(request, "protective_factor", query["protective_factor"], FactorKind.PROTECTIVE)
        queryset = catalogue.apply_filters(
            catalogue.interventions(user),
            theme=theme,
            age=query["age"],
            level=query["level"],
            risk_factor=query["risk_factor"],
            protective_factor=query["protective_factor"],
        ).order_by("name")

        def serialize(items):
            items = catalogue.with_relations(items, user)
            return InterventionSerializer(items, many=True, context={"request": request}).data

        return Response(page(request, queryset, serialize, query))


class FactorQuery(PageQuery):
    kind = ChoiceParam(FactorKind.values, help_text="risk or protective")
    domain = ChoiceParam(Domain.values, help_text="Domain")


class FactorList(APIView):
    @extend_schema(
        summary="Risk and protective factors of the framework",
        description="Factors are a framework for prevention, never a score or prediction about a person.",
        parameters=[FactorQuery],
        responses=page_schema("FactorList", FactorSerializer),
    )
    def get(self, request):
        queryset = catalogue.factors(request.user)
        query = parse(request, FactorQuery)
        kind, domain = query["kind"], query["domain"]
        if kind:
            queryset = queryset.filter(kind=kind)
        if domain:
            queryset = queryset.filter(domain=domain)
        queryset = queryset.order_by("-kind", "domain_order", "sort_order", "name")
        return Response(page(request, queryset, lambda items: FactorSerializer(items, many=True).data, query))
