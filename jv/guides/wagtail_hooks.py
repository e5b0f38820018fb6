from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from jv.guides.models import Guide


class GuideViewSet(SnippetViewSet):
    model = Guide
    icon = "list-ol"
    menu_label = _("Guides")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "kind", "visibility", "to_check", "last_reviewed"]
    list_filter = ["kind", "visibility", "to_check", "themes"]
    search_fields = ["title", "summary"]
    search_backend_name = None  # plain database filtering: works the same on SQLite and PostgreSQL
    ordering = ["sort_order", "title"]


register_snippet(GuideViewSet)
