"""Search documents for interventions and factors (see jv.core.searchable)."""

from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.visibility import shown_with


def intervention_document(intervention):
    parts = [
        intervention.goal,
        intervention.target_group,
        intervention.approach,
        intervention.provider,
        intervention.get_recognition_level_display(),
        intervention.get_prevention_level_display(),
        intervention.get_setting_display(),
        " ".join(f.name for f in shown_with(intervention, intervention.risk_factors.all())),
        " ".join(f.name for f in shown_with(intervention, intervention.protective_factors.all())),
    ]
    themes = shown_with(intervention, intervention.themes.all())
    return searchable.SearchDocument(
        type="intervention",
        key=f"intervention:{intervention.pk}",
        title=intervention.name,
        url=intervention.get_url(),
        summary=intervention.summary,
        body=" ".join(str(p) for p in parts if p),
        themes=[theme.slug for theme in themes],
        context=searchable.theme_context(themes),
    )


def factor_document(factor):
    return searchable.SearchDocument(
        type="factor",
        key=f"factor:{factor.pk}",
        title=factor.name,
        url=factor.get_url(),
        summary=factor.explanation,
        body=" ".join([str(factor.get_kind_display()), str(factor.get_domain_display())]),
        weight=0.8,
    )


def register():
    from jv.interventions.models import Factor, Intervention

    searchable.register(
        "intervention",
        Intervention,
        queryset=lambda: Intervention.objects.prefetch_related("themes", "risk_factors", "protective_factors"),
        to_document=intervention_document,
        label=_("Intervention"),
    )
    searchable.register(
        "factor",
        Factor,
        queryset=lambda: Factor.objects.all(),
        to_document=factor_document,
        label=_("Risk or protective factor"),
    )
