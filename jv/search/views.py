"""The search page /zoeken/: a GET form that works without JavaScript."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jv.search import service
from jv.search.forms import SearchForm

PAGE_SIZE = 10


def _results_page(query, user, data, themes, page_number, log=False):
    """One page of results for the form's query, type and theme."""
    return service.search(
        query,
        user,
        type=data.get("type") or None,
        theme=data.get("theme") or None,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        log=log,
        titles=themes,
    )


@require_GET
def search_page(request):
    user = request.user
    themes = service.theme_titles(user)
    form = SearchForm(request.GET or None, themes=themes)
    context = {"form": form, "query": "", "results": None, "themes": themes}
    status = 200
    if request.GET and not form.is_valid():
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        query = data["q"]
        context["query"] = query
        if query.strip():
            page_number = data.get("page") or 1
            log = page_number == 1 and not data.get("type") and not data.get("theme")
            first = _results_page(query, user, data, themes, page_number, log=log)
            pages = max(1, -(-first.count // PAGE_SIZE))
            if page_number > pages:
                # Past the end: show the last page instead of an empty one.
                page_number = pages
                first = _results_page(query, user, data, themes, page_number)
            paginator = Paginator(range(first.count), PAGE_SIZE)
            context["results"] = first
            context["page_obj"] = paginator.get_page(page_number)
            context["first_index"] = (page_number - 1) * PAGE_SIZE + 1
            context["base_query"] = _query_string(request, drop=("page",))
            context["type_query"] = _query_string(request, drop=("page", "type"))
            context["theme_query"] = _query_string(request, drop=("page", "theme"))
            if not first.count:
                context["popular_themes"] = service.popular_themes(user)
    if not context["results"] or not context["results"].count:
        context.setdefault("popular_themes", service.popular_themes(user))
    return render(request, "search/search.html", context, status=status)


def _query_string(request, drop=()) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    for name in list(params):
        if not params.get(name):
            params.pop(name)
    return params.urlencode()
