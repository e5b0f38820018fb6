"""Wagtail admin: the synonym list (snippet) and the search report for editors."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from jv.editorial.listing import EditorialSnippetViewSet
from jv.search import admin_views
from jv.search.models import Synonym


class SynonymViewSet(EditorialSnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synonyms and abbreviations")
    menu_order = 250
    add_to_settings_menu = False
    add_to_admin_menu = True
    list_display = ["__str__", "kind", "one_way", "updated"]
    list_filter = ["kind", "one_way"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("zoekopdrachten/", admin_views.search_report, name="search_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(_("Search queries"), reverse("search_report"), icon_name="search", order=900)
