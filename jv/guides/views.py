"""Pages of the guides module. No session, no cookies, no writes: the state is in the URL."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jv.api.throttling import throttle
from jv.core.middleware import mark_private
from jv.core.visibility import visible
from jv.dossier.models import ThemePage
from jv.guides import partners as partner_links
from jv.guides.forms import GuideFilterForm
from jv.guides.models import Guide
from jv.guides.state import Checklist, InvalidState, parse_checklist, parse_walk
from jv.guides.validation import validate_guide


@require_safe
def guide_list(request):
    form = GuideFilterForm(request.GET or None, user=request.user)
    guides = visible(Guide.objects.all(), request.user)
    if form.is_bound and form.is_valid():
        guides = form.filter(guides)
    guides = list(guides.order_by("sort_order", "title"))
    return render(
        request,
        "guides/guide_list.html",
        {"form": form, "guides": guides, "guide_count": len(guides)},
        status=400 if form.errors else 200,
    )


def _get_guide(request, slug) -> Guide:
    if len(slug) > 100:
        raise Http404
    guide = visible(Guide.objects.filter(slug=slug), request.user).first()
    if guide is None:
        raise Http404  # members-only and draft guides get the same answer as unknown ones
    return guide


def _base_context(request, guide):
    return {
        "guide": guide,
        "graph": guide.graph,
        # Via the relation's own manager, so that an unsaved guide in the admin preview works too.
        "themes": visible(ThemePage.objects.filter(pk__in=[t.pk for t in guide.themes.all()]), request.user).order_by(
            "path"
        ),
        "sources": guide.source_list(),
        "background": guide.background_list(),
        "organisation_links": partner_links.links_for(guide.graph, request.user),
    }


def invalid_state(request, guide, error: InvalidState):
    return render(
        request,
        "guides/invalid_state.html",
        {"guide": guide, "message": error.message},
        status=400,
    )


@require_safe
def guide_detail(request, slug):
    guide = _get_guide(request, slug)
    context = _base_context(request, guide)
    graph = guide.graph
    if graph.start is None:
        return render(request, "guides/guide_overview.html", context)
    try:
        if guide.is_checklist:
            checklist = parse_checklist(graph, request.GET)
            context["checklist"] = checklist
            if checklist.show_result:
                return render(request, "guides/checklist_result.html", context)
            if checklist.step is not None:
                context["step"] = checklist.step
                context["previous_step"], context["next_step"] = graph.neighbours(checklist.step)
                context["step_number"] = graph.position(checklist.step)
                context["hidden_keys"] = checklist.hidden_keys_except(checklist.step)
                return render(request, "guides/checklist_step.html", context)
            return render(request, "guides/checklist.html", context)
        walk = parse_walk(graph, request.GET)
    except InvalidState as error:
        return invalid_state(request, guide, error)
    if walk is None:
        return render(request, "guides/guide_overview.html", context)
    context.update(step_context(guide, walk))
    return render(request, "guides/step.html", context)


def step_context(guide, walk) -> dict:
    step = walk.current
    return {
        "walk": walk,
        "step": step,
        "options": [{"option": option, "query": walk.next_query(n)} for n, option in enumerate(step.options, start=1)],
        "answers": [{"answer": answer, "change_query": walk.change_query(i)} for i, answer in enumerate(walk.answers)],
        "actions": walk.collected_actions() if step.is_end else step.sorted_actions,
        "partners": walk.collected_partners() if step.is_end else step.partners,
        "show_emergency": not (guide.emergency_phone and any(a.phone == guide.emergency_phone for a in step.actions)),
    }


def _summary_context(request, guide):
    """Everything the action summary shows, from the URL alone; raises InvalidState."""
    context = _base_context(request, guide)
    graph = guide.graph
    if graph.start is None:
        raise InvalidState(_("This guide has no steps yet."))
    if guide.is_checklist:
        checklist = parse_checklist(graph, request.GET)
        context["checklist"] = checklist
        context["query"] = checklist.query(resultaat="1")
    else:
        walk = parse_walk(graph, request.GET)
        if walk is None:
            raise InvalidState(_("Choose a step first; the summary shows the route you followed."))
        context.update(step_context(guide, walk))
        context["query"] = walk.query()
    context["back_url"] = guide.get_url() + context["query"]
    context["generated_at"] = timezone.localtime()
    context["share_url"] = request.build_absolute_uri(context["back_url"])
    return context


@require_safe
def guide_summary(request, slug):
    guide = _get_guide(request, slug)
    try:
        context = _summary_context(request, guide)
    except InvalidState as error:
        return invalid_state(request, guide, error)
    context["pdf_url"] = reverse("guides:summary_pdf", args=[guide.slug]) + context["query"]
    return render(request, "guides/summary.html", context)


@require_safe
@throttle("pdf")
def guide_summary_pdf(request, slug):
    from jv.guides.pdf import render_pdf

    guide = _get_guide(request, slug)
    try:
        context = _summary_context(request, guide)
    except InvalidState as error:
        return invalid_state(request, guide, error)
    pdf = render_pdf("guides/summary_pdf.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{guide.slug}-actieoverzicht.pdf"'
    return mark_private(response)  # the answers are in the URL


def preview_context(request, guide, mode_name):
    """Context for the admin preview (the unsaved guide from the editor's form)."""
    context = _base_context(request, guide)
    context["is_preview"] = True
    if guide.is_checklist:
        context["checklist"] = Checklist(graph=guide.graph, ticked=[])
    if mode_name == "map":
        problems = validate_guide(guide.kind, guide.graph.steps, list(guide.sources))
        context["problems"] = problems
        context["problems_by_step"] = {}
        for problem in problems:
            context["problems_by_step"].setdefault(problem.step, []).append(problem)
    return context
