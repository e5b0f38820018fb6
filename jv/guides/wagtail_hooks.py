from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from jv.editorial.listing import EditorialSnippetViewSet
from jv.guides.models import Guide
from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn


class GuideViewSet(EditorialSnippetViewSet):
    model = Guide
    icon = "list-ol"
    menu_label = _("Guides")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "title",
        "kind",
        "visibility",
        "needs_verification",
        "last_reviewed",
        ReviewDueColumn(),
        LinkStatusColumn(),
    ]
    list_filter = ["kind", "visibility", "needs_verification", "themes", "review_owner"]
    search_fields = ["title", "summary"]
    search_backend_name = None  # plain database filtering: works the same on SQLite and PostgreSQL
    ordering = ["sort_order", "title"]


register_snippet(GuideViewSet)
