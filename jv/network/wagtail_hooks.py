from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from jv.editorial.listing import EditorialSnippetViewSet
from jv.network.models import Contact, Event, Organisation
from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn


class OrganisationViewSet(EditorialSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        "kind",
        "region",
        "visibility",
        "needs_verification",
        "last_reviewed",
        ReviewDueColumn(),
        LinkStatusColumn(),
    ]
    list_filter = ["kind", "visibility", "needs_verification", "themes", "review_owner"]
    search_fields = ["name", "summary", "region"]
    ordering = ["name"]


class ContactViewSet(EditorialSnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "function", "organisation", "consent_date", "needs_verification", ReviewDueColumn()]
    list_filter = ["organisation", "themes", "needs_verification", "review_owner"]
    search_fields = ["name", "function", "email"]
    ordering = ["name"]


class EventViewSet(EditorialSnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Agenda")
    list_display = ["title", "start", "kind", "visibility", "is_example", LinkStatusColumn()]
    list_filter = ["kind", "visibility", "is_example", "themes"]
    search_fields = ["title", "description", "location"]
    ordering = ["-start"]


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, ContactViewSet, EventViewSet)


register_snippet(NetworkGroup)
