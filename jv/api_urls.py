"""The JSON API under /api/v1/: every module's ``api_urls`` (top layer, next to ``jv/urls.py``).

``jv.api`` itself is a library (errors, parameters, schema hooks) that the modules use; the list
of routes lives here so that the library imports no module.
"""

from django.urls import include, path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView

from jv import opendata
from jv.api import docs
from jv.api.errors import json_not_found

app_name = "api"

urlpatterns = [
    path("", docs.index, name="index"),
    path("docs/", docs.docs_page, name="docs"),
    path("open-data/", opendata.index, name="open-data"),
    re_path(r"^open-data/(?P<name>[a-z]+)\.(?P<fmt>json|csv)$", opendata.dataset_file, name="open-data-file"),
    path("", include("jv.dossier.api_urls")),
    path("", include("jv.search.api_urls")),
    path("", include("jv.interventions.api_urls")),
    path("", include("jv.guides.api_urls")),
    path("", include("jv.monitor.api_urls")),
    path("", include("jv.network.api_urls")),
    path("", include("jv.region.api_urls")),
    path(
        "schema/",
        SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer, OpenApiYamlRenderer]),
        name="schema",
    ),
    re_path(r"^.*$", json_not_found),
]
