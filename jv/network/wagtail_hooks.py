from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from jv.network.models import Contact, Event, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "region", "visibility", "to_verify", "last_reviewed"]
    list_filter = ["kind", "visibility", "to_verify", "themes"]
    search_fields = ["name", "summary", "region"]
    ordering = ["name"]


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "function", "organisation", "consent_date", "to_verify"]
    list_filter = ["organisation", "themes", "to_verify"]
    search_fields = ["name", "function", "email"]
    ordering = ["name"]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Agenda")
    list_display = ["title", "start", "kind", "visibility", "is_example"]
    list_filter = ["kind", "visibility", "is_example", "themes"]
    search_fields = ["title", "description", "location"]
    ordering = ["-start"]


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, ContactViewSet, EventViewSet)


register_snippet(NetworkGroup)
