"""Search documents for gemeenten, agreements and signalen (see jv.core.searchable).

Contact persons linked to a gemeente never go into the index (personal data, members only).
"""

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.visibility import shown_with


def gemeente_document(gemeente):
    district = gemeente.district
    # The document is stored at the gemeente's (public) level: it names only public partners.
    partners = [
        organisation.name
        for organisation in shown_with(gemeente, [row.organisation for row in gemeente.partners.all()])
    ]
    return searchable.SearchDocument(
        type="gemeente",
        key=f"gemeente:{gemeente.pk}",
        title=gemeente.name,
        url=gemeente.get_url(),
        summary=gemeente.intro[:300] or str(_("Municipality in the region of the VAR")),
        body=" ".join(filter(None, ["gemeente", district.name if district else "", gemeente.area.code, *partners])),
    )


def agreement_document(agreement):
    return searchable.SearchDocument(
        type="agreement",
        key=f"agreement:{agreement.pk}",
        title=agreement.title,
        url=agreement.get_url(),
        summary=agreement.summary[:300],
        body=" ".join(
            filter(
                None,
                [
                    agreement.get_kind_display(),
                    agreement.date_display,
                    agreement.parties,
                    agreement.source,
                    *[g.name for g in shown_with(agreement, agreement.gemeenten.all())],
                ],
            )
        ),
        themes=[theme.slug for theme in shown_with(agreement, agreement.themes.all())],
    )


def signal_document(signal):
    return searchable.SearchDocument(
        type="signal",
        key=f"signal:{signal.pk}",
        title=signal.title,
        url=signal.get_url(),
        summary=signal.text[:300],
        body=" ".join(filter(None, ["signaal", formats.date_format(signal.observed_on, "j F Y"), signal.source])),
        themes=[theme.slug for theme in shown_with(signal, signal.themes.all())],
    )


def register():
    from jv.region.models import Agreement, Gemeente, Signal

    searchable.register(
        "gemeente",
        Gemeente,
        queryset=lambda: Gemeente.objects.select_related("area__parent"),
        to_document=gemeente_document,
        label=_("Municipality"),
    )
    searchable.register(
        "agreement",
        Agreement,
        queryset=lambda: Agreement.objects.all(),
        to_document=agreement_document,
        label=_("Agreement"),
    )
    searchable.register(
        "signal", Signal, queryset=lambda: Signal.objects.all(), to_document=signal_document, label=_("Signal")
    )
