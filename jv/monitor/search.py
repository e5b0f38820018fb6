"""Indicators are findable in the site search (type "indicator"); they link to the dashboard."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.searchable import SearchDocument


def indicator_document(indicator):
    from jv.monitor.models import Indicator

    if indicator.kind != Indicator.Kind.COUNT:
        return None  # population denominators are not shown on their own
    return SearchDocument(
        type="indicator",
        key=f"indicator:{indicator.pk}",
        title=indicator.name,
        url=reverse("monitor:dashboard") + "?" + urlencode({"indicator": indicator.code}),
        summary=indicator.description,
        body=" ".join(
            filter(None, [indicator.description, indicator.unit, indicator.source, "monitor jeugd halfjaarcijfers"])
        ),
    )


def register():
    from jv.monitor.models import Indicator

    searchable.register(
        "indicator",
        Indicator,
        queryset=lambda: Indicator.objects.counts(),
        to_document=indicator_document,
        label=_("Monitor indicator"),
    )
