"""The JSON API under /api/v1/. Each module contributes its views here."""

from django.urls import include, path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView

from jv.api import docs, opendata
from jv.api.errors import json_not_found
from jv.dossier import api as dossier_api

app_name = "api"

urlpatterns = [
    path("", docs.index, name="index"),
    path("docs/", docs.docs_page, name="docs"),
    path("open-data/", opendata.index, name="open-data"),
    re_path(r"^open-data/(?P<name>[a-z]+)\.(?P<fmt>json|csv)$", opendata.dataset_file, name="open-data-file"),
    path("themes/", dossier_api.ThemeList.as_view(), name="themes"),
    path("resources/", dossier_api.ResourceList.as_view(), name="resources"),
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
