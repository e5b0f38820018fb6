"""Read-only API for guides. Visibility comes from jv.core.visibility."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import page, page_schema
from jv.api.query import ChoiceParam, PageQuery, SlugParam, parse
from jv.core.visibility import visible
from jv.dossier.models import ThemePage
from jv.guides.models import Guide
from jv.guides.structure import GRAPH_KINDS, Step


class GuideSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Guide.Kind.choices)
    url = serializers.SerializerMethodField(help_text="The guide's page on this platform.")

    def get_url(self, guide) -> str:
        return self.context["request"].build_absolute_uri(guide.get_url())


class GuideOptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    next = serializers.CharField(
        allow_null=True,
        help_text="Id of the step this answer leads to. Null for checklists, whose options are the signals to tick.",
    )


class GuideActionSerializer(serializers.Serializer):
    text = serializers.CharField()
    who = serializers.CharField()
    urgency = serializers.ChoiceField(choices=["acute", "soon", "normal"])
    phone = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["action", "barrier_legal", "barrier_non_legal"],
        help_text="'action', or for barrier models a legal or non-legal barrier.",
    )


class GuidePartnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    phone = serializers.CharField()
    url = serializers.CharField()
    organisation = serializers.CharField(allow_null=True, help_text="Slug of the organisation in the network module.")


class GuideStepSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(
        help_text="Explanation. Step models add aim, roles and privacy; barrier models add opportunities and "
        "facilitators, as labelled paragraphs."
    )
    options = GuideOptionSerializer(many=True)
    actions = GuideActionSerializer(many=True)
    partners = GuidePartnerSerializer(many=True)


class GuideDetailSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Guide.Kind.choices)
    url = serializers.URLField()
    start = serializers.CharField(allow_null=True, help_text="Id of the first step.")
    steps = GuideStepSerializer(many=True)


ErrorSerializer = inline_serializer(
    name="GuideError",
    fields={
        "error": inline_serializer(
            name="GuideErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "parameter": serializers.CharField(required=False),
            },
        )
    },
)


def _labelled(parts: list[tuple[str, str | list[str]]]) -> str:
    paragraphs = []
    for label, value in parts:
        if isinstance(value, list):
            value = "; ".join(value)
        if value:
            paragraphs.append(f"{label}: {value}" if label else value)
    return "\n\n".join(paragraphs)


def step_data(kind: str, step: Step) -> dict:
    if kind in GRAPH_KINDS:
        options = [{"label": o.label, "next": o.next} for o in step.options]
    else:
        options = [{"label": s.label, "next": None} for s in step.signals]
    text = _labelled(
        [
            ("", step.text),
            (_("Aim and result"), step.aim),
            (_("Who does what"), step.roles),
            (_("Privacy and data sharing"), step.privacy),
            (_("Opportunities"), step.opportunities),
            (_("Facilitators"), step.facilitators),
        ]
    )
    if step.question:
        text = _labelled([("", text), (_("Question"), step.question)])
    return {
        "id": step.id,
        "title": step.title,
        "text": text,
        "options": options,
        "actions": [
            {"text": a.text, "who": a.who, "urgency": a.urgency, "phone": a.phone, "kind": a.kind}
            for a in (step.sorted_actions if kind != "barrieremodel" else step.actions)
        ],
        "partners": [
            {"name": p.name, "role": p.role, "phone": p.phone, "url": p.url, "organisation": p.organisation or None}
            for p in step.partners
        ],
    }


def guide_data(request, guide: Guide) -> dict:
    graph = guide.graph
    return {
        "slug": guide.slug,
        "title": guide.title,
        "kind": guide.kind,
        "url": request.build_absolute_uri(guide.get_url()),
        "start": graph.start.id if graph.start else None,
        "steps": [step_data(guide.kind, step) for step in graph.steps],
    }


class GuideQuery(PageQuery):
    kind = ChoiceParam(Guide.Kind.values, help_text="Only guides of this kind")
    theme = SlugParam(help_text="Theme slug")


class GuideList(APIView):
    @extend_schema(
        operation_id="guides_list",
        summary="Guides (routekaarten, step models, barrier models, signal checklists)",
        parameters=[GuideQuery],
        responses={
            200: page_schema("GuideList", GuideSummarySerializer),
            400: OpenApiResponse(ErrorSerializer, description="Invalid parameter"),
        },
    )
    def get(self, request):
        user = request.user
        guides = visible(Guide.objects.all(), user)
        query = parse(request, GuideQuery)
        kind = query["kind"]
        if kind:
            guides = guides.filter(kind=kind)
        theme = query["theme"]
        if theme is not None:
            if not visible(ThemePage.objects.filter(slug=theme), user).exists():
                raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
            guides = guides.filter(themes__slug=theme).distinct()
        guides = guides.order_by("sort_order", "title").only("slug", "title", "kind")
        context = {"request": request}
        return Response(
            page(request, guides, lambda items: GuideSummarySerializer(items, many=True, context=context).data, query)
        )


class GuideDetail(APIView):
    @extend_schema(
        summary="One guide with all its steps",
        description="For checklists (barrier model, signaalwijzer) each step is a phase or domain; its options "
        "are the signals to tick (next is null) and its actions say what to do or which barriers exist.",
        responses={200: GuideDetailSerializer, 404: OpenApiResponse(ErrorSerializer, description="Unknown guide")},
    )
    def get(self, request, slug):
        guide = visible(Guide.objects.filter(slug=slug), request.user).first()
        if guide is None:
            raise NotFound()
        return Response(guide_data(request, guide))
