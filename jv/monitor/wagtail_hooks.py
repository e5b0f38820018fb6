"""Wagtail admin for the monitor: areas, indicators, figures, context figures; the import (with its log)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from jv.editorial.listing import EditorialSnippetViewSet
from jv.monitor.admin.views import ImportView
from jv.monitor.models import Area, ContextFigure, Figure, Indicator


class AreaViewSet(EditorialSnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "code", "level", "parent", "successor", "valid_from", "valid_until", "to_verify"]
    list_filter = ["level", "to_verify"]
    search_fields = ["name", "code"]
    ordering = ["level", "order", "name"]


class IndicatorViewSet(EditorialSnippetViewSet):
    model = Indicator
    icon = "list-ul"
    menu_label = _("Indicators")
    list_display = ["name", "code", "unit", "kind", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class FigureViewSet(EditorialSnippetViewSet):
    model = Figure
    icon = "table"
    menu_label = _("Figures")
    list_display = ["indicator", "area", "period", "value", "is_fictitious", "updated_at"]
    list_filter = ["indicator", "is_fictitious"]
    search_fields = ["period"]
    list_per_page = 100


class ContextFigureViewSet(EditorialSnippetViewSet):
    model = ContextFigure
    icon = "info-circle"
    menu_label = _("Context figures")
    list_display = ["topic", "area_name", "period", "value", "unit", "source", "to_verify"]
    list_filter = ["to_verify", "provisional"]
    search_fields = ["topic", "source", "area_name"]


class MonitorGroup(SnippetViewSetGroup):
    menu_label = _("Monitor")
    menu_icon = "table"
    menu_order = 300
    items = (AreaViewSet, IndicatorViewSet, FigureViewSet, ContextFigureViewSet)


register_snippet(MonitorGroup)


class MonitorImportViewSet(ViewSet):
    name = "monitor_import"
    icon = "upload"
    menu_label = _("Monitor import")
    menu_order = 301
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", ImportView.as_view(), name="index")]

    def get_menu_item(self, order=None):
        # Shown only to those the import view lets in (it checks the same permission).
        item = super().get_menu_item(order)
        item.is_shown = lambda request: request.user.has_perm("monitor.add_figure")
        return item


@hooks.register("register_admin_viewset")
def register_import_viewset():
    return MonitorImportViewSet()
