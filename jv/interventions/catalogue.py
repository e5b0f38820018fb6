"""Queries of the interventiewijzer, shared by pages, exports and the API.

Everything that lists interventions, factors or themes goes through jv.core.visibility here, so
every channel applies the same rules. Nothing in this module writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from jv.core.visibility import visible, visible_related
from jv.dossier.models import Resource, ThemePage
from jv.interventions.models import (
    LEVEL_STRENGTH,
    RECOGNISED_LEVELS,
    Domain,
    Factor,
    FactorKind,
    Intervention,
    QualityWarning,
)

SLUG_RE = re.compile(r"^[-a-z0-9_]{1,100}$")
RECOGNISED = "erkend"  # pseudo level: any of the four recognised levels
MAX_STRATEGY = 50  # interventions in one strategy selection
MAX_COMPARE = 4


def factors(user=None):
    """Factors in the framework's order: individu, gezin, school, vrienden, buurt; then editor order."""
    domain_order = Case(
        *[When(domain=value, then=Value(i)) for i, value in enumerate(Domain.values)],
        default=Value(len(Domain.values)),
        output_field=IntegerField(),
    )
    return (
        visible(Factor.objects.all(), user)
        .annotate(domain_order=domain_order)
        .order_by("domain_order", "sort_order", "name")
    )


def themes(user):
    return visible(ThemePage.objects.all(), user).order_by("path")


def with_relations(queryset, user):
    """Prefetch everything a listing shows, in a fixed number of queries."""
    return queryset.prefetch_related(
        visible_related("themes", ThemePage.objects.order_by("path"), user),
        Prefetch("risk_factors", queryset=factors(user), to_attr="risk_list"),
        Prefetch(
            "protective_factors",
            queryset=factors(user),
            to_attr="protective_list",
        ),
        visible_related("warnings", QualityWarning, user, to_attr="warning_list"),
    )


def interventions(user):
    return visible(Intervention.objects.all(), user)


def order_by_strength(queryset):
    strength = Case(
        *[When(recognition_level=level, then=Value(value)) for level, value in LEVEL_STRENGTH.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.annotate(level_strength_value=strength).order_by("-level_strength_value", "name")


def apply_filters(
    queryset,
    *,
    theme=None,
    age=None,
    prevention_level=None,
    setting=None,
    level=None,
    factor=None,
    risk_factor=None,
    protective_factor=None,
):
    """Narrow a queryset of interventions; every argument is optional and already validated."""
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if age is not None:
        queryset = queryset.for_age(age)
    if prevention_level:
        queryset = queryset.filter(prevention_level=prevention_level)
    if setting:
        queryset = queryset.filter(setting=setting)
    if level == RECOGNISED:
        queryset = queryset.filter(recognition_level__in=RECOGNISED_LEVELS)
    elif level:
        queryset = queryset.filter(recognition_level=level)
    if factor:
        queryset = queryset.filter(
            Q(pk__in=Intervention.objects.filter(risk_factors__slug=factor).values("pk"))
            | Q(pk__in=Intervention.objects.filter(protective_factors__slug=factor).values("pk"))
        )
    if risk_factor:
        queryset = queryset.filter(risk_factors__slug=risk_factor)
    if protective_factor:
        queryset = queryset.filter(protective_factors__slug=protective_factor)
    return queryset.distinct()


# Selections kept in the URL (strategy, comparison) ------------------------------------------


@dataclass
class Selection:
    items: list = field(default_factory=list)  # Intervention objects, in the order asked for
    slugs: list = field(default_factory=list)  # the valid, visible slugs, deduplicated
    unknown: list = field(default_factory=list)  # asked for but not found (or not visible)
    invalid: int = 0  # values that are not slugs at all (never echoed back)
    too_many: bool = False


def parse_selection(values, user, maximum: int) -> Selection:
    """Resolve slugs from the query string to visible interventions, keeping their order.

    Unknown and members-only slugs (for anonymous visitors) are reported the same way, so the
    answer never reveals whether a hidden intervention exists.
    """
    selection = Selection()
    wanted = []
    for value in values:
        if not SLUG_RE.match(value or ""):
            selection.invalid += 1
            continue
        if value not in wanted:
            wanted.append(value)
    if len(wanted) > maximum:
        selection.too_many = True
        wanted = wanted[:maximum]
    found = {item.slug: item for item in with_relations(interventions(user).filter(slug__in=wanted), user)}
    for slug in wanted:
        if slug in found:
            selection.items.append(found[slug])
            selection.slugs.append(slug)
        else:
            selection.unknown.append(slug)
    return selection


# Gesprekshulp: factor-based matching ----------------------------------------------------------


@dataclass
class Match:
    intervention: Intervention
    risk_hits: list  # ticked risk factors this intervention addresses
    protective_hits: list  # ticked protective factors it strengthens

    @property
    def score(self) -> int:
        return len(self.risk_hits) + len(self.protective_hits)


def rank(user, risk_slugs, protective_slugs, *, age=None, recognised_only=False) -> tuple[list[Match], list]:
    """Interventions ranked by how many ticked factors they address.

    Order: number of ticked risk factors addressed plus ticked protective factors strengthened
    (descending); ties broken by the strength of the recognition level (strong > good > first
    indications > well substantiated > not assessed > not recognised), then by name.
    Returns the matches and the ticked factors that no intervention addresses.
    Pure read: nothing about the selection is stored or logged.
    """
    risk_slugs, protective_slugs = set(risk_slugs), set(protective_slugs)
    if not risk_slugs and not protective_slugs:
        return [], []
    queryset = interventions(user)
    if age is not None:
        queryset = queryset.for_age(age)
    if recognised_only:
        queryset = queryset.filter(recognition_level__in=RECOGNISED_LEVELS)
    candidates = queryset.filter(
        Q(pk__in=Intervention.objects.filter(risk_factors__slug__in=risk_slugs).values("pk"))
        | Q(pk__in=Intervention.objects.filter(protective_factors__slug__in=protective_slugs).values("pk"))
    )
    matches = []
    covered = set()
    for item in with_relations(candidates, user):
        risk_hits = [f for f in item.risk_list if f.slug in risk_slugs]
        protective_hits = [f for f in item.protective_list if f.slug in protective_slugs]
        if risk_hits or protective_hits:
            matches.append(Match(item, risk_hits, protective_hits))
            covered.update(f.slug for f in risk_hits + protective_hits)
    matches.sort(key=lambda m: (-m.score, -m.intervention.level_strength, m.intervention.name.casefold()))
    uncovered = [
        f
        for f in factors(user)
        .filter(slug__in=risk_slugs | protective_slugs)
        .order_by("kind", "domain_order", "sort_order")
        if f.slug not in covered
    ]
    return matches, uncovered


def linked_resources(user):
    """Dossier resources linked to a visible intervention (the VAR's own tools first)."""
    queryset = visible(Resource.objects.filter(interventions__in=interventions(user).values("pk")), user).distinct()
    scope_first = Case(When(scope=Resource.Scope.VAR, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(scope_order=scope_first).order_by("scope_order", "title")


def resources_for(intervention, user):
    return visible(Resource.objects.filter(interventions=intervention), user).order_by("title")


def factor_kind_choices(user, kind):
    return [(f.slug, f.name) for f in factors(user).filter(kind=kind)]


__all__ = [
    "FactorKind",
    "Match",
    "Selection",
    "apply_filters",
    "factors",
    "interventions",
    "parse_selection",
    "rank",
    "with_relations",
]
