"""Wagtail admin: the catalogue, the factors and the quality framework warnings as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from jv.editorial.listing import EditorialSnippetViewSet
from jv.interventions.models import Factor, Intervention, QualityWarning
from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn


class InterventionViewSet(EditorialSnippetViewSet):
    model = Intervention
    icon = "tick-inverse"
    menu_label = _("Interventions")
    list_display = [
        "name",
        "recognition_level",
        "recognition_date",
        "needs_verification",
        "visibility",
        "last_reviewed",
        ReviewDueColumn(),
        LinkStatusColumn(),
    ]
    list_filter = [
        "recognition_level",
        "prevention_level",
        "setting",
        "needs_verification",
        "visibility",
        "themes",
        "review_owner",
    ]
    search_fields = ["name", "summary", "provider"]
    ordering = ["name"]


class FactorViewSet(EditorialSnippetViewSet):
    model = Factor
    icon = "list-ul"
    menu_label = _("Risk and protective factors")
    list_display = ["name", "kind", "domain", "needs_verification", LinkStatusColumn()]
    list_filter = ["kind", "domain", "needs_verification"]
    search_fields = ["name", "explanation"]
    ordering = ["kind", "domain", "sort_order", "name"]


class QualityWarningViewSet(EditorialSnippetViewSet):
    model = QualityWarning
    icon = "warning"
    menu_label = _("Quality framework warnings")
    list_display = ["title", "source"]
    ordering = ["title"]


class InterventionsGroup(SnippetViewSetGroup):
    menu_label = _("Interventiewijzer")
    menu_icon = "tick-inverse"
    menu_order = 210
    items = (InterventionViewSet, FactorViewSet, QualityWarningViewSet)


register_snippet(InterventionsGroup)
