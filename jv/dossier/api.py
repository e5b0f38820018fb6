"""Read-only API for themes and resources. Visibility comes from jv.core.visibility."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import page, page_schema
from jv.api.query import PageQuery, SlugParam, parse
from jv.core.visibility import visible, visible_related
from jv.dossier.models import Resource, ThemePage


class ThemeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, theme) -> str:
        return self.context["request"].build_absolute_uri(theme.url)


class ResourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    provider = serializers.CharField()
    scope = serializers.CharField()
    url = serializers.CharField(help_text="Link to the resource itself (https: or mailto:).")
    page_url = serializers.SerializerMethodField(help_text="The resource's page on this platform.")
    summary = serializers.CharField()
    themes = serializers.SerializerMethodField()
    visibility = serializers.CharField()
    requires_login = serializers.BooleanField()
    last_reviewed = serializers.DateField(allow_null=True)

    def get_page_url(self, resource) -> str:
        return self.context["request"].build_absolute_uri(resource.get_url())

    def get_themes(self, resource) -> list[str]:
        return [theme.slug for theme in resource.visible_themes]


def envelope(name: str, item_serializer):
    """A list without pages (kept for answers that are not lists of the catalogue)."""
    return inline_serializer(
        name=name, fields={"count": serializers.IntegerField(), "results": item_serializer(many=True)}
    )


class ThemeList(APIView):
    @extend_schema(
        summary="Themes of the dossier", parameters=[PageQuery], responses=page_schema("ThemeList", ThemeSerializer)
    )
    def get(self, request):
        themes = visible(ThemePage.objects.all(), request.user).order_by("path")
        context = {"request": request}
        return Response(page(request, themes, lambda items: ThemeSerializer(items, many=True, context=context).data))


class ResourceQuery(PageQuery):
    theme = SlugParam(help_text="Theme slug")


class ResourceList(APIView):
    @extend_schema(
        summary="Resources of the dossier",
        parameters=[ResourceQuery],
        responses=page_schema("ResourceList", ResourceSerializer),
    )
    def get(self, request):
        user = request.user
        resources = visible(Resource.objects.all(), user)
        query = parse(request, ResourceQuery)
        theme = query["theme"]
        if theme is not None:
            if not visible(ThemePage.objects.filter(slug=theme), user).exists():
                raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
            resources = resources.filter(themes__slug=theme).distinct()
        resources = resources.order_by("title").prefetch_related(
            visible_related("themes", ThemePage.objects.order_by("path"), user)
        )
        context = {"request": request}
        return Response(
            page(request, resources, lambda items: ResourceSerializer(items, many=True, context=context).data, query)
        )
