"""What the whole site answers on errors: JSON under /api/, the site's own pages elsewhere.

Top layer (next to ``jv/urls.py``): it combines the API's JSON errors with the core's templates.
"""

from django.shortcuts import render

from jv.api.errors import json_not_found, json_server_error


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "500.html", status=500)
