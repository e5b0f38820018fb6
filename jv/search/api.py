"""GET /api/v1/search/: the same search as the page, as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.params import choice_param, get_param, int_param, slug_param
from jv.core import searchable
from jv.search import service
from jv.search.query import MAX_QUERY_LENGTH

MAX_LIMIT = 50


class SearchResultSerializer(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField(help_text="Result type, as in the ?type= filter (theme, page, resource, ...).")
    url = serializers.CharField(help_text="Absolute URL of the item on this platform.")
    snippet = serializers.CharField(
        help_text="Short passage as HTML: every character escaped, matching words wrapped in <mark>…</mark>."
    )
    score = serializers.FloatField(help_text="Relevance; higher is better. Only comparable within one response.")
    themes = serializers.ListField(child=serializers.CharField(), help_text="Slugs of the item's themes.")


class SearchAnswerSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Title of the answering passage (item: step or section).")
    type = serializers.CharField(help_text="Type of the item the passage belongs to.")
    url = serializers.CharField(help_text="Absolute URL of the passage itself (guide step, page section).")
    passage = serializers.CharField(help_text="The passage as plain text.")


class SearchView(APIView):
    @extend_schema(
        summary="Search everything (Dutch-aware)",
        description=(
            "Searches themes, introduction pages, resources and every other registered type. Dutch words are "
            "matched by lemma, stem and compound parts; synonyms and abbreviations from the editors' list are "
            "applied; misspelled words are corrected when nothing matches. Anonymous callers see public items only."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="Search text (at most 500 characters)."),
            OpenApiParameter("type", OpenApiTypes.STR, description="Only results of this type."),
            OpenApiParameter("theme", OpenApiTypes.STR, description="Only results filed under this theme (slug)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Number of results, 1-{MAX_LIMIT} (default 10)."),
        ],
        responses=inline_serializer(
            name="SearchResponse",
            fields={
                "query": serializers.CharField(help_text="The query as it was searched (normalised)."),
                "count": serializers.IntegerField(help_text="Number of matching items the caller may see."),
                "results": SearchResultSerializer(many=True),
                "answer": SearchAnswerSerializer(
                    allow_null=True,
                    help_text="For a question: the passage that answers it, when one is clearly ahead; else null.",
                ),
            },
        ),
    )
    def get(self, request):
        user = request.user
        raw = request.query_params.get("q")
        if raw is not None and len(raw) > MAX_QUERY_LENGTH:
            raise InvalidParameter(
                "q", _("'%(name)s' may be at most %(max)s characters long.") % {"name": "q", "max": MAX_QUERY_LENGTH}
            )
        text = get_param(request, "q")
        if text is None or not text.strip():
            raise InvalidParameter("q", _("Give a search text in '%(name)s'.") % {"name": "q"})
        type_ = choice_param(request, "type", list(searchable.REGISTRY))
        theme = slug_param(request, "theme")
        if theme is not None and theme not in service.theme_titles(user):
            raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
        limit = int_param(request, "limit", 1, MAX_LIMIT, default=10)
        found = service.search(text, user, type=type_, theme=theme, limit=limit, log=not type_ and not theme)
        return Response(
            {
                "query": found.query,
                "count": found.count,
                "results": [
                    {
                        "title": result.title,
                        "type": result.type,
                        "url": request.build_absolute_uri(result.url) if result.url else "",
                        "snippet": str(result.snippet),
                        "score": result.score,
                        "themes": result.themes,
                    }
                    for result in found.results
                ],
                "answer": {
                    "title": found.answer.title,
                    "type": found.answer.type,
                    "url": request.build_absolute_uri(found.answer.url),
                    "passage": found.answer.passage,
                }
                if found.answer
                else None,
            }
        )
