"""Listing columns for snippet and model viewsets::

    from jv.upkeep.columns import LinkStatusColumn, ReviewDueColumn
    list_display = ["title", ..., ReviewDueColumn(), LinkStatusColumn()]

``LinkStatusColumn`` loads the link results of all rows on the listing page in one query.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from jv.upkeep import registry
from jv.upkeep.models import LinkOccurrence, LinkStatus
from jv.upkeep.review import status_of, today


class ReviewDueColumn(Column):
    def __init__(self, name="review_due", label=_("Review due"), **kwargs):
        super().__init__(name, label=label, **kwargs)

    def get_value(self, instance):
        spec = registry.spec_for(type(instance)) or registry.Spec(model=type(instance))
        status, due, days = status_of(instance, spec, today(), settings.UPKEEP_REVIEW_SOON_DAYS)
        if due is None:
            return gettext("now (never reviewed)")
        text = due.strftime("%d-%m-%Y")
        if status == "overdue":
            return gettext("%(date)s (overdue)") % {"date": text}
        if status == "soon":
            return gettext("%(date)s (soon)") % {"date": text}
        return text


class LinkStatusColumn(Column):
    def __init__(self, name="link_status", label=_("Links"), **kwargs):
        super().__init__(name, label=label, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        table = parent_context["table"]
        cache = getattr(table, "_upkeep_links", None)
        if cache is None:
            cache = table._upkeep_links = _summaries(list(table.data))
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = cache.get(str(instance.pk), "—")
        return context

    def get_value(self, instance):
        return ""


def _summaries(rows) -> dict[str, str]:
    if not rows:
        return {}
    content_type = ContentType.objects.get_for_model(type(rows[0]))
    outcomes: dict[str, list[str]] = {}
    for object_id, outcome in LinkOccurrence.objects.filter(
        content_type=content_type, object_id__in=[str(r.pk) for r in rows]
    ).values_list("object_id", "link__outcome"):
        outcomes.setdefault(object_id, []).append(outcome)
    result = {}
    for object_id, found in outcomes.items():
        failing = sum(1 for o in found if o in LinkStatus.FAILING)
        redirected = sum(1 for o in found if o == LinkStatus.Outcome.REDIRECT)
        unchecked = sum(1 for o in found if o == LinkStatus.Outcome.UNCHECKED)
        if failing:
            result[object_id] = gettext("broken") if failing == 1 else gettext("%(count)s broken") % {"count": failing}
        elif redirected:
            result[object_id] = gettext("redirected")
        elif unchecked:
            result[object_id] = gettext("not checked yet")
        else:
            result[object_id] = gettext("OK")
    return result
