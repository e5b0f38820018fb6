from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from jv.dossier.models import Resource
from jv.editorial.listing import EditorialSnippetViewSet
from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn


class ResourceViewSet(EditorialSnippetViewSet):
    model = Resource
    icon = "doc-full"
    menu_label = _("Resources")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "title",
        "kind",
        "provider",
        "scope",
        "visibility",
        "last_reviewed",
        ReviewDueColumn(),
        LinkStatusColumn(),
    ]
    list_filter = ["kind", "scope", "visibility", "themes", "needs_verification", "review_owner"]
    ordering = ["title"]
    # Search the admin listing with plain database lookups on these fields: Wagtail's SQLite
    # full-text backend cannot search on named fields ("no such column").
    search_fields = ["title", "summary", "provider"]
    search_backend_name = None


register_snippet(ResourceViewSet)
