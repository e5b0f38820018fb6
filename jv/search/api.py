"""GET /api/v1/search/: the same search as the page, as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import link as _link
from jv.api.lists import page_schema
from jv.api.params import get_param
from jv.api.query import ChoiceParam, PageQuery, SlugParam, TextParam, parse
from jv.core import searchable
from jv.search import service
from jv.search.query import MAX_QUERY_LENGTH


class SearchResultSerializer(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField(help_text="Result type, as in the ?type= filter (theme, page, resource, ...).")
    url = serializers.CharField(help_text="Absolute URL of the item on this platform.")
    snippet = serializers.CharField(
        help_text="Short passage as HTML: every character escaped, matching words wrapped in <mark>…</mark>."
    )
    score = serializers.FloatField(help_text="Relevance; higher is better. Only comparable within one response.")
    themes = serializers.ListField(child=serializers.CharField(), help_text="Slugs of the item's themes.")


class SearchQuery(PageQuery):
    q = TextParam(required=True, help_text=f"Search text (at most {MAX_QUERY_LENGTH} characters).")
    type = ChoiceParam([], help_text="Only results of this type (theme, page, resource, ...).")
    theme = SlugParam(help_text="Only results filed under this theme (slug).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = list(searchable.REGISTRY)  # registered at start-up


class SearchAnswerSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Title of the answering passage (item: step or section).")
    type = serializers.CharField(help_text="Type of the item the passage belongs to.")
    url = serializers.CharField(help_text="Absolute URL of the passage itself (guide step, page section).")
    passage = serializers.CharField(help_text="The passage as plain text.")


class SearchView(APIView):
    throttle_scope = "search"

    @extend_schema(
        summary="Search everything (Dutch-aware)",
        description=(
            "Searches themes, introduction pages, resources and every other registered type. Dutch words are "
            "matched by lemma, stem and compound parts; synonyms and abbreviations from the editors' list are "
            "applied; misspelled words are corrected when nothing matches. Anonymous callers see public items only."
        ),
        parameters=[SearchQuery],
        responses=page_schema(
            "SearchResponse",
            SearchResultSerializer,
            query=serializers.CharField(help_text="The query as it was searched (normalised)."),
            answer=SearchAnswerSerializer(
                allow_null=True,
                help_text="For a question: the passage that answers it, when one is clearly ahead; else null.",
            ),
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
        query = parse(request, SearchQuery)
        type_, theme, limit, offset = query["type"], query["theme"], query["limit"], query["offset"]
        if theme is not None and theme not in service.theme_titles(user):
            raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
        found = service.search(
            text, user, type=type_, theme=theme, limit=limit, offset=offset, log=not type_ and not theme and not offset
        )
        return Response(
            {
                "query": found.query,
                "count": found.count,
                "next": _link(request, limit, offset + limit) if offset + limit < found.count else None,
                "previous": _link(request, limit, max(offset - limit, 0)) if offset > 0 else None,
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
