from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jv.core.visibility import can_view, visible, visible_related
from jv.dossier.forms import ResourceFilterForm
from jv.dossier.models import Resource, ThemePage


def resource_list(request):
    form = ResourceFilterForm(request.GET or None, user=request.user)
    resources = visible(Resource.objects.all(), request.user)
    if form.is_bound and form.is_valid():
        resources = form.filter(resources)
    resources = resources.order_by("title").prefetch_related(visible_related("themes", ThemePage, request.user))
    resources = list(resources)
    return render(
        request,
        "dossier/resource_list.html",
        {"form": form, "resources": resources, "resource_count": len(resources)},
        status=200 if not form.errors else 400,
    )


def resource_detail(request, slug):
    resource = get_object_or_404(Resource, slug=slug)
    if not can_view(request.user, resource):
        # Same answer as for a resource that does not exist: nothing leaks.
        raise Http404
    themes = visible(ThemePage.objects.filter(resources=resource), request.user)
    return render(request, "dossier/resource_detail.html", {"resource": resource, "themes": themes})
