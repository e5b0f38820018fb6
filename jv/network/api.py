"""Read-only API of the network: organisations (public fields), events, and contacts for members.

Anonymous callers never receive anything about contact persons: the organisations endpoint has
no contact field at all, and /contacts/ answers 403 (JSON) unless the caller is a signed-in member.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jv.api.errors import InvalidParameter
from jv.api.lists import page, page_schema
from jv.api.query import ChoiceParam, PageQuery, SlugParam, parse
from jv.core.visibility import is_member, visible, visible_related
from jv.dossier.models import ThemePage
from jv.network.models import Contact, Event, Organisation, OrganisationRole


def envelope(name: str, item_serializer):
    return inline_serializer(
        name=name, fields={"count": serializers.IntegerField(), "results": item_serializer(many=True)}
    )


class RoleSerializer(serializers.Serializer):
    theme = serializers.SerializerMethodField(help_text="Theme slug, or null for the general role.")
    role = serializers.CharField()
    to_verify = serializers.BooleanField(help_text="True when the role still needs checking ('te controleren').")

    def get_theme(self, role) -> str | None:
        theme = self.context["visible_themes"].get(role.theme_id)
        return theme.slug if theme else None


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    website = serializers.CharField()
    summary = serializers.CharField()
    region = serializers.CharField(help_text="Region or municipalities served.")
    departments = serializers.ListField(source="unit_list", child=serializers.CharField())
    themes = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    to_verify = serializers.BooleanField(
        source="needs_verification", help_text="True when facts still need checking ('te controleren')."
    )
    page_url = serializers.SerializerMethodField()

    def get_themes(self, organisation) -> list[str]:
        return [t.slug for t in organisation.visible_themes]

    def get_roles(self, organisation) -> list[dict]:
        themes = self.context["visible_themes"]
        roles = [r for r in organisation.roles.all() if r.theme_id is None or r.theme_id in themes]
        return RoleSerializer(roles, many=True, context=self.context).data

    def get_page_url(self, organisation) -> str:
        return self.context["request"].build_absolute_uri(organisation.get_url())


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    function = serializers.CharField()
    organisation = serializers.CharField(source="organisation.slug")
    organisation_name = serializers.CharField(source="organisation.name")
    email = serializers.CharField()
    phone = serializers.CharField()
    themes = serializers.SerializerMethodField()
    consent_date = serializers.DateField()

    def get_themes(self, contact) -> list[str]:
        return [t.slug for t in contact.visible_themes]


class EventSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    start = serializers.DateTimeField(help_text="ISO 8601 with offset, Europe/Amsterdam.")
    end = serializers.DateTimeField()
    location = serializers.CharField()
    online_url = serializers.CharField()
    audience = serializers.CharField()
    organiser = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    is_example = serializers.BooleanField(help_text="A fictitious example ('voorbeeld').")
    visibility = serializers.CharField()
    page_url = serializers.SerializerMethodField()

    def get_organiser(self, event) -> str | None:
        organisation = event.organiser
        if organisation is None or organisation.pk not in self.context["visible_organisations"]:
            return None
        return organisation.slug

    def get_themes(self, event) -> list[str]:
        return [t.slug for t in event.visible_themes]

    def get_page_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.get_url())


def _theme_filter(theme, user):
    if theme is not None and not visible(ThemePage.objects.filter(slug=theme), user).exists():
        raise InvalidParameter("theme", _("Unknown theme: %(slug)s.") % {"slug": theme})
    return theme


def _visible_themes(user):
    return visible(ThemePage.objects.all(), user).order_by("path")


class OrganisationQuery(PageQuery):
    theme = SlugParam(help_text="Theme slug")
    kind = ChoiceParam(Organisation.Kind.values, help_text="Kind of organisation")


class OrganisationList(APIView):
    @extend_schema(
        operation_id="organisations_list",
        summary="Organisations in the network, with their roles per theme",
        description="Public fields only. Contact persons are never part of this response.",
        parameters=[OrganisationQuery],
        responses=page_schema("OrganisationList", OrganisationSerializer),
    )
    def get(self, request):
        user = request.user
        organisations = visible(Organisation.objects.all(), user)
        query = parse(request, OrganisationQuery)
        theme = _theme_filter(query["theme"], user)
        kind = query["kind"]
        if theme:
            organisations = organisations.filter(themes__slug=theme)
        if kind:
            organisations = organisations.filter(kind=kind)
        themes = _visible_themes(user)
        organisations = (
            organisations.distinct()
            .order_by("name")
            .prefetch_related(
                visible_related("themes", ThemePage.objects.order_by("path"), user),
                Prefetch("roles", queryset=OrganisationRole.objects.order_by("sort_order")),
            )
        )
        context = {"request": request, "visible_themes": {t.pk: t for t in themes}}
        return Response(
            page(
                request,
                organisations,
                lambda items: OrganisationSerializer(items, many=True, context=context).data,
                query,
            )
        )


class OrganisationDetail(APIView):
    @extend_schema(
        summary="One organisation",
        responses={200: OrganisationSerializer, 404: OpenApiResponse(description="Not found")},
    )
    def get(self, request, slug):
        user = request.user
        themes = _visible_themes(user)
        organisation = (
            visible(Organisation.objects.filter(slug=slug), user)
            .prefetch_related(
                visible_related("themes", ThemePage.objects.order_by("path"), user),
                Prefetch("roles", queryset=OrganisationRole.objects.order_by("sort_order")),
            )
            .first()
        )
        if organisation is None:
            raise exceptions.NotFound()
        context = {"request": request, "visible_themes": {t.pk: t for t in themes}}
        return Response(OrganisationSerializer(organisation, context=context).data)


class EventQuery(PageQuery):
    period = ChoiceParam(["upcoming", "past", "all"], default="upcoming", help_text="Default: upcoming")
    theme = SlugParam(help_text="Theme slug")
    kind = ChoiceParam(Event.Kind.values, help_text="Kind of event")


class EventList(APIView):
    @extend_schema(
        summary="Events in the agenda",
        parameters=[EventQuery],
        responses=page_schema("EventList", EventSerializer),
    )
    def get(self, request):
        user = request.user
        events = visible(Event.objects.all(), user)
        query = parse(request, EventQuery)
        period = query["period"]
        theme = _theme_filter(query["theme"], user)
        kind = query["kind"]
        now = timezone.now()
        if period == "upcoming":
            events = events.upcoming(now).order_by("start", "title")
        elif period == "past":
            events = events.past(now).order_by("-start", "title")
        else:
            events = events.order_by("start", "title")
        if theme:
            events = events.filter(themes__slug=theme)
        if kind:
            events = events.filter(kind=kind)
        events = (
            events.distinct()
            .select_related("organiser")
            .prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), user))
        )
        context = {
            "request": request,
            "visible_organisations": set(visible(Organisation.objects.all(), user).values_list("pk", flat=True)),
        }
        return Response(
            page(request, events, lambda items: EventSerializer(items, many=True, context=context).data, query)
        )


class ContactQuery(PageQuery):
    theme = SlugParam(help_text="Theme slug")
    organisation = SlugParam(help_text="Organisation slug")


class ContactList(APIView):
    @extend_schema(
        summary="Contact persons (network members only)",
        description="Signed-in network members only; anyone else gets 403 with a JSON error and no data.",
        parameters=[ContactQuery],
        responses={
            200: page_schema("ContactList", ContactSerializer),
            403: OpenApiResponse(description="Not a member"),
        },
    )
    def get(self, request):
        user = request.user
        if not is_member(user):
            raise exceptions.NotAuthenticated(_("Only signed-in network members can see contact persons."))
        organisations = visible(Organisation.objects.all(), user)
        contacts = visible(Contact.objects.all(), user).filter(organisation__in=organisations)
        query = parse(request, ContactQuery)
        theme = _theme_filter(query["theme"], user)
        organisation = query["organisation"]
        if organisation is not None:
            if not organisations.filter(slug=organisation).exists():
                raise InvalidParameter("organisation", _("Unknown organisation: %(slug)s.") % {"slug": organisation})
            contacts = contacts.filter(organisation__slug=organisation)
        if theme:
            contacts = contacts.filter(themes__slug=theme)
        contacts = (
            contacts.distinct()
            .select_related("organisation")
            .order_by("name")
            .prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), user))
        )
        return Response(page(request, contacts, lambda items: ContactSerializer(items, many=True).data, query))
