"""Pages of the interventiewijzer (mounted at /interventies/).

All state (filters, the strategy selection, the comparison and the ticked factors of the
gesprekshulp) lives in the URL. No view here reads or writes the session or the database
beyond reading the catalogue; anonymous visitors get no cookies.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jv.api.throttling import throttle
from jv.core.middleware import mark_private
from jv.core.visibility import visible
from jv.interventions import catalogue, exports
from jv.interventions.forms import ConversationAidForm, InterventionFilterForm, StrategyTitleForm
from jv.interventions.models import Domain, FactorKind, QualityWarning

PAGE_SIZE = 40
MATCHES_SHOWN = 30  # the gesprekshulp shows the best 30 matches unless ?alle=1
FILTER_PARAMS = ("theme", "age", "prevention_level", "setting", "level", "factor", "sort")


def _strategy_from(request, param: str):
    return catalogue.parse_selection(request.GET.getlist(param), request.user, catalogue.MAX_STRATEGY)


def _query(pairs) -> str:
    return urlencode(pairs, doseq=True)


def _selection_errors(selection) -> list[str]:
    errors = []
    if selection.unknown:
        errors.append(
            _("Not found: %(slugs)s. It may have been removed or renamed.") % {"slugs": ", ".join(selection.unknown)}
        )
    if selection.invalid:
        errors.append(_("Some values in the web address are not valid and were ignored."))
    return errors


@require_GET
def intervention_list(request):
    user = request.user
    form = InterventionFilterForm(request.GET or None, user=user)
    strategy = _strategy_from(request, "s")
    queryset = catalogue.interventions(user)
    if form.is_bound and form.is_valid():
        queryset = form.filter(queryset)
    else:
        queryset = queryset.order_by("name")
    # Page numbers that are not numbers or out of range fall back to the first or last page.
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    items = list(catalogue.with_relations(page.object_list, user))
    total = catalogue.interventions(user).count()
    # Links that add or remove one intervention keep the filters, the page and the rest of the selection.
    filters = []
    if form.is_bound and form.is_valid():
        filters = [(name, form.data[name]) for name in FILTER_PARAMS if form.data.get(name)]
    page_param = [("pagina", page.number)] if page.number > 1 else []
    for item in items:
        item.in_strategy = item.slug in strategy.slugs
        slugs = [s for s in strategy.slugs if s != item.slug] if item.in_strategy else strategy.slugs + [item.slug]
        item.toggle_query = _query(filters + page_param + [("s", slug) for slug in slugs])
    page_links, prev_query, next_query = [], None, None
    if page.paginator.num_pages > 1:
        base = filters + [("s", slug) for slug in strategy.slugs]

        def page_query(number):
            return _query(base + ([("pagina", number)] if number != 1 else []))

        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            query = page_query(number) if isinstance(number, int) else None
            page_links.append({"number": number, "query": query, "current": number == page.number})
        prev_query = page_query(page.previous_page_number()) if page.has_previous() else None
        next_query = page_query(page.next_page_number()) if page.has_next() else None
    return render(
        request,
        "interventions/intervention_list.html",
        {
            "form": form,
            "interventions": items,
            "page": page,
            "page_links": page_links,
            "prev_query": prev_query,
            "next_query": next_query,
            "result_count": page.paginator.count,
            "total_count": total,
            "active_filters": form.active_filters(),
            "strategy": strategy,
            "strategy_query": _query({"i": strategy.slugs}),
            "catalogue_query": _query({"s": strategy.slugs}),
            "max_compare": catalogue.MAX_COMPARE,
            "linked_resources": list(catalogue.linked_resources(user)),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def intervention_detail(request, slug):
    user = request.user
    intervention = catalogue.with_relations(catalogue.interventions(user).filter(slug=slug), user).first()
    if intervention is None:
        # Same answer for a draft, a members-only item (for visitors) and a slug that does not exist.
        raise Http404
    strategy = _strategy_from(request, "s")
    in_strategy = intervention.slug in strategy.slugs
    add_slugs = strategy.slugs if in_strategy else strategy.slugs + [intervention.slug]
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "intervention": intervention,
            "themes": intervention.visible_themes,
            "risk_factors": intervention.risk_list,
            "protective_factors": intervention.protective_list,
            "kader_warnings": intervention.warning_list,
            "resources": list(catalogue.resources_for(intervention, user)),
            "strategy": strategy,
            "in_strategy": in_strategy,
            "add_to_strategy_query": _query({"i": add_slugs}),
            "catalogue_query": _query({"s": strategy.slugs}),
        },
    )


@require_GET
def factor_framework(request):
    user = request.user
    from django.db.models import Count, Q

    visible_ids = catalogue.interventions(user).values("pk")
    factors = list(
        catalogue.factors(user).annotate(
            risk_count=Count("addressed_by", filter=Q(addressed_by__in=visible_ids), distinct=True),
            protective_count=Count("strengthened_by", filter=Q(strengthened_by__in=visible_ids), distinct=True),
        )
    )
    domains = []
    for value, label in Domain.choices:
        in_domain = [f for f in factors if f.domain == value]
        domains.append(
            {
                "value": value,
                "label": label,
                "risk": [f for f in in_domain if f.kind == FactorKind.RISK],
                "protective": [f for f in in_domain if f.kind == FactorKind.PROTECTIVE],
            }
        )
    return render(
        request,
        "interventions/factor_framework.html",
        {
            "domains": domains,
            "factor_count": len(factors),
            "kader_warnings": visible(QualityWarning.objects.all(), user),
        },
    )


@require_GET
def compare(request):
    user = request.user
    values = request.GET.getlist("i")
    selection = catalogue.parse_selection(values, user, catalogue.MAX_COMPARE)
    errors = _selection_errors(selection)
    if selection.too_many:
        errors.insert(
            0,
            _("You can compare at most %(max)s interventions at a time. Only the first %(max)s are shown.")
            % {"max": catalogue.MAX_COMPARE},
        )
    if len(selection.items) < 2 and not errors:
        errors.append(_("Choose at least two interventions to compare."))
    return render(
        request,
        "interventions/compare.html",
        {
            "items": selection.items,
            "errors": errors,
            "strategy_query": _query({"i": selection.slugs}),
            "catalogue_query": _query({"s": selection.slugs}),
        },
        status=400 if errors and not selection.items else 200,
    )


def _strategy_context(request):
    selection = catalogue.parse_selection(request.GET.getlist("i"), request.user, catalogue.MAX_STRATEGY)
    title_form = StrategyTitleForm(request.GET or None)
    title = ""
    if title_form.is_bound and title_form.is_valid():
        title = title_form.cleaned_data["titel"].strip()
    errors = _selection_errors(selection)
    if selection.too_many:
        errors.insert(
            0,
            _("A strategy holds at most %(max)s interventions. Only the first %(max)s are kept.")
            % {"max": catalogue.MAX_STRATEGY},
        )
    return selection, title_form, title, errors


@require_GET
def strategy(request):
    selection, title_form, title, errors = _strategy_context(request)
    base = {"i": selection.slugs}
    if title:
        base["titel"] = title
    removal = {}
    for item in selection.items:
        rest = {"i": [s for s in selection.slugs if s != item.slug]}
        if title:
            rest["titel"] = title
        removal[item.slug] = _query(rest)
    for item in selection.items:
        item.remove_query = removal[item.slug]
    return render(
        request,
        "interventions/strategy.html",
        {
            "items": selection.items,
            "title_form": title_form,
            "title": title,
            "errors": errors,
            "export_query": _query(base),
            "catalogue_query": _query({"s": selection.slugs}),
            "compare_query": _query({"i": selection.slugs}),
            "can_compare": 2 <= len(selection.items) <= catalogue.MAX_COMPARE,
            "slugs": selection.slugs,
        },
        status=400 if title_form.errors else 200,
    )


def _export_filename(extension: str) -> str:
    return f"strategie-interventies-{datetime.date.today().isoformat()}.{extension}"


@require_GET
@throttle("export")
def strategy_csv(request):
    selection, _form, title, errors = _strategy_context(request)
    if not selection.items:
        return _empty_export(request, errors)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("csv")}"'
    exports.write_csv(response, selection.items, request=request)
    return response


@require_GET
@throttle("pdf")
def strategy_pdf(request):
    selection, _form, title, errors = _strategy_context(request)
    if not selection.items:
        return _empty_export(request, errors)
    pdf = exports.render_pdf(request, selection.items, title=title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("pdf")}"'
    return response


def _empty_export(request, errors):
    return render(
        request,
        "interventions/strategy.html",
        {
            "items": [],
            "title_form": StrategyTitleForm(),
            "errors": errors + [_("There is nothing to export: the strategy is empty.")],
            "catalogue_query": "",
        },
        status=400,
    )


@require_GET
def conversation_aid(request):
    """Gesprekshulp. Stateless: reads the ticked factors from the URL, stores and logs nothing."""
    user = request.user
    form = ConversationAidForm(request.GET or None, user=user)
    matches, uncovered = [], []
    if form.has_selection:
        data = form.cleaned_data
        matches, uncovered = catalogue.rank(
            user,
            data["risk"],
            data["protective"],
            age=data.get("age"),
            recognised_only=data.get("erkenning") == catalogue.RECOGNISED,
        )
    selected_risk = set(form.cleaned_data["risk"]) if form.is_bound and not form.errors else set()
    selected_protective = set(form.cleaned_data["protective"]) if form.is_bound and not form.errors else set()
    all_factors = list(catalogue.factors(user))
    domains = []
    for value, label in Domain.choices:
        domains.append(
            {
                "value": value,
                "label": label,
                "risk": [
                    (f, f.slug in selected_risk) for f in all_factors if f.domain == value and f.kind == FactorKind.RISK
                ],
                "protective": [
                    (f, f.slug in selected_protective)
                    for f in all_factors
                    if f.domain == value and f.kind == FactorKind.PROTECTIVE
                ],
            }
        )
    show_all = request.GET.get("alle") == "1"
    shown = matches if show_all else matches[:MATCHES_SHOWN]
    show_all_query = ""
    if len(shown) < len(matches):
        params = [
            (key, value) for key in ("risk", "protective", "age", "erkenning") for value in request.GET.getlist(key)
        ]
        show_all_query = _query(params + [("alle", "1")])
    response = render(
        request,
        "interventions/conversation_aid.html",
        {
            "form": form,
            "domains": domains,
            "matches": shown,
            "match_count": len(matches),
            "show_all_query": show_all_query,
            "uncovered": uncovered,
            "has_selection": form.has_selection,
            "strategy_query": _query({"i": [m.intervention.slug for m in shown][: catalogue.MAX_STRATEGY]}),
        },
        status=400 if form.errors else 200,
    )
    # The ticked factors are in the URL: no shared or browser cache may keep this page, and no
    # other site receives the address as referrer.
    mark_private(response)
    response["Referrer-Policy"] = "no-referrer"
    return response
