from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from jv.editorial.listing import EditorialSnippetViewSet
from jv.region.models import Agreement, Gemeente, Signal, VarQuestion
from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn


class GemeenteViewSet(EditorialSnippetViewSet):
    model = Gemeente
    icon = "site"
    menu_label = _("Municipalities")
    list_display = ["name", "area", "needs_verification", "last_reviewed", ReviewDueColumn(), LinkStatusColumn()]
    list_filter = ["needs_verification", "review_owner"]
    search_fields = ["name", "intro"]
    ordering = ["name"]


class AgreementViewSet(EditorialSnippetViewSet):
    model = Agreement
    icon = "doc-full"
    menu_label = _("Agreements")
    list_display = ["title", "kind", "date", "visibility", "needs_verification", ReviewDueColumn(), LinkStatusColumn()]
    list_filter = ["kind", "visibility", "needs_verification", "gemeenten"]
    search_fields = ["title", "summary", "parties"]
    ordering = ["title"]


class SignalViewSet(EditorialSnippetViewSet):
    model = Signal
    icon = "warning"
    menu_label = _("Signals")
    list_display = ["title", "observed_on", "visibility", "needs_verification", ReviewDueColumn()]
    list_filter = ["visibility", "needs_verification", "themes"]
    search_fields = ["title", "text", "source"]
    ordering = ["-observed_on"]


class VarQuestionViewSet(EditorialSnippetViewSet):
    """The editors' inbox of questions from members (no add view: questions come from the site)."""

    model = VarQuestion
    icon = "mail"
    menu_label = _("Questions to the VAR")
    list_display = ["subject", "theme", "created_at", "handled", "mailed"]
    list_filter = ["handled"]
    search_fields = ["subject", "question"]
    ordering = ["handled", "-created_at"]
    add_to_admin_menu = False

    def get_queryset(self, request):
        from jv.region.views import purge_old_questions

        purge_old_questions()
        return None  # the default queryset


class RegionGroup(SnippetViewSetGroup):
    menu_label = _("Region")
    menu_icon = "site"
    menu_order = 310
    items = (GemeenteViewSet, AgreementViewSet, SignalViewSet, VarQuestionViewSet)


register_snippet(RegionGroup)
