"""Snippet listings editors can read: publication status and "te controleren" as Dutch words, with filters.

Every snippet viewset of the platform derives from :class:`EditorialSnippetViewSet`::

    class ResourceViewSet(EditorialSnippetViewSet):
        model = Resource
        list_display = ["title", "kind", "needs_verification"]
        list_filter = ["kind", "needs_verification"]

It adds a "Status" column (gepubliceerd, concept, gepland, ...) and a status filter to models with
drafts, shows the "te controleren" flag (``needs_verification`` or ``to_verify``) as "ja"/"nee"
instead of ``True``/``False``, and always offers a filter on it. Models with drafts also get the
publishing schedule in their editor (publish or withdraw at a set moment, Dutch date-time field),
as pages have.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, UpdatedAtColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import DraftStateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

FLAG_FIELDS = ("needs_verification", "to_verify")

STATUS_CHOICES = [
    ("live", _("Published")),
    ("changes", _("Published with changes in draft")),
    ("draft", _("Draft only")),
    ("scheduled", _("Scheduled")),
]


def status_label(obj) -> str:
    """The publication status of ``obj`` in plain Dutch."""
    if not obj.live:
        if obj.expired:
            return str(_("expired"))
        if obj.approved_schedule:
            return str(_("scheduled"))
        return str(_("draft"))
    if obj.approved_schedule or obj.has_unpublished_changes:
        return str(_("live, with changes in draft"))
    return str(_("live"))


class StatusColumn(StatusTagColumn):
    def __init__(self, **kwargs):
        super().__init__(
            "jv_status",
            label=_("Status"),
            accessor=status_label,
            sort_key="live",
            primary=lambda obj: obj.live,
            **kwargs,
        )


class FlagColumn(Column):
    """A boolean "te controleren" flag as "ja" / "nee"."""

    def __init__(self, name: str, **kwargs):
        super().__init__(name, label=kwargs.pop("label", _("To check")), sort_key=name, **kwargs)

    def get_value(self, instance):
        return str(_("yes")) if getattr(instance, self.name) else str(_("no"))


def _filter_status(queryset, name, value):
    if value == "live":
        return queryset.filter(live=True)
    if value == "changes":
        return queryset.filter(live=True, has_unpublished_changes=True)
    if value == "draft":
        return queryset.filter(live=False)
    if value == "scheduled":
        return queryset.filter(Q(go_live_at__gt=timezone.now()) | Q(latest_revision__approved_go_live_at__isnull=False))
    return queryset


def editorial_columns(model, list_display) -> list:
    columns = list(list_display) if list_display is not ViewSet.UNDEFINED else ["__str__", UpdatedAtColumn()]
    columns = [FlagColumn(c) if isinstance(c, str) and c in FLAG_FIELDS else c for c in columns]
    field_names = {f.name for f in model._meta.concrete_fields}
    shown = {getattr(c, "name", c) for c in columns}
    for flag in FLAG_FIELDS:
        if flag in field_names and flag not in shown:
            columns.append(FlagColumn(flag))
    if issubclass(model, DraftStateMixin) and "jv_status" not in shown:
        columns.append(StatusColumn())
    return columns


def editorial_filterset(model, list_filter):
    fields = list(list_filter) if list_filter is not ViewSet.UNDEFINED else []
    field_names = {f.name for f in model._meta.concrete_fields}
    for flag in FLAG_FIELDS:
        if flag in field_names and flag not in fields:
            fields.append(flag)
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": fields})}
    if issubclass(model, DraftStateMixin):
        attrs["status"] = django_filters.ChoiceFilter(
            label=_("Publication status"), choices=STATUS_CHOICES, method=_filter_status, empty_label=_("All")
        )
    return type(f"{model.__name__}EditorialFilterSet", (WagtailFilterSet,), attrs)


class EditorialSnippetViewSet(SnippetViewSet):
    def get_edit_handler(self):
        handler = super().get_edit_handler()
        if handler is None or not issubclass(self.model, DraftStateMixin):
            return handler
        from wagtail.admin.panels import ObjectList, PublishingPanel

        if any(isinstance(child, PublishingPanel) for child in handler.children):
            return handler
        from jv.core.dates import publishing_panel

        return ObjectList([*handler.children, publishing_panel()]).bind_to_model(self.model)

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs["list_display"] = editorial_columns(self.model, view_kwargs.get("list_display", ViewSet.UNDEFINED))
        if view_kwargs.get("filterset_class", ViewSet.UNDEFINED) is ViewSet.UNDEFINED:
            view_kwargs["filterset_class"] = editorial_filterset(
                self.model, view_kwargs.get("list_filter", ViewSet.UNDEFINED)
            )
        return view_kwargs
