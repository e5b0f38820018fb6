"""Open data: the public catalogue as CSV and JSON, with a stable schema and a licence.

Top layer (next to ``jv/api_urls.py``): it reads the content modules' querysets and serializers.
The API docs page (``jv.api.docs``) finds the datasets through ``jv.api.registry.OPEN_DATA``.

Always the public view (anonymous visibility), also for signed-in members: an open data file is
meant to be passed on. Datasets: resources, interventions (with risk and protective factors),
organisations (with their roles), guides. The columns of each dataset are fixed below
(``SCHEMA_VERSION``); a change that removes or renames a column gets a new version (docs/api.md).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from jv.api import registry
from jv.api.throttling import throttle

SCHEMA_VERSION = registry.OPEN_DATA_SCHEMA_VERSION
LICENCE = registry.OPEN_DATA_LICENCE


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    fields: tuple[str, ...]
    rows: callable


def _resources(request):
    from jv.core.visibility import visible, visible_related
    from jv.dossier.api import ResourceSerializer
    from jv.dossier.models import Resource, ThemePage

    anonymous = AnonymousUser()
    items = (
        visible(Resource.objects.all(), anonymous)
        .order_by("slug")
        .prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), anonymous))
    )
    return ResourceSerializer(items, many=True, context={"request": request}).data


def _interventions(request):
    from jv.interventions import catalogue
    from jv.interventions.api import InterventionSerializer

    anonymous = AnonymousUser()
    items = catalogue.with_relations(catalogue.interventions(anonymous).order_by("slug"), anonymous)
    return InterventionSerializer(items, many=True, context={"request": request}).data


def _organisations(request):
    from jv.core.visibility import visible, visible_related
    from jv.dossier.models import ThemePage
    from jv.network.api import OrganisationSerializer
    from jv.network.models import Organisation, OrganisationRole

    anonymous = AnonymousUser()
    themes = visible(ThemePage.objects.all(), anonymous).order_by("path")
    items = (
        visible(Organisation.objects.all(), anonymous)
        .order_by("slug")
        .prefetch_related(
            visible_related("themes", themes, anonymous),
            Prefetch("roles", queryset=OrganisationRole.objects.order_by("sort_order")),
        )
    )
    context = {"request": request, "visible_themes": {t.pk: t for t in themes}}
    return OrganisationSerializer(items, many=True, context=context).data


def _guides(request):
    from jv.core.visibility import visible, visible_related
    from jv.dossier.models import ThemePage
    from jv.guides.models import Guide

    anonymous = AnonymousUser()
    rows = []
    guides = visible(Guide.objects.all(), anonymous).order_by("slug")
    for guide in guides.prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), anonymous)):
        rows.append(
            {
                "slug": guide.slug,
                "title": guide.title,
                "kind": guide.kind,
                "summary": guide.summary,
                "themes": [t.slug for t in guide.visible_themes],
                "url": request.build_absolute_uri(guide.get_url()),
            }
        )
    return rows


DATASETS = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            "resources",
            registry.OPEN_DATA_TITLES["resources"],
            ("slug", "title", "kind", "provider", "scope", "url", "page_url", "summary", "themes", "last_reviewed"),
            _resources,
        ),
        Dataset(
            "interventions",
            registry.OPEN_DATA_TITLES["interventions"],
            (
                "slug",
                "name",
                "url",
                "summary",
                "recognition_level",
                "recognition_date",
                "recognition_source",
                "source_url",
                "age_min",
                "age_max",
                "prevention_level",
                "setting",
                "themes",
                "risk_factors",
                "protective_factors",
            ),
            _interventions,
        ),
        Dataset(
            "organisations",
            registry.OPEN_DATA_TITLES["organisations"],
            ("slug", "name", "kind", "website", "summary", "region", "departments", "themes", "roles", "page_url"),
            _organisations,
        ),
        Dataset(
            "guides",
            registry.OPEN_DATA_TITLES["guides"],
            ("slug", "title", "kind", "summary", "themes", "url"),
            _guides,
        ),
    ]
}


registry.OPEN_DATA.update(DATASETS)


def _rows(dataset: Dataset, request) -> list[dict]:
    return [{name: row.get(name) for name in dataset.fields} for row in dataset.rows(request)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return "|".join(value)  # lists of slugs: separated by |
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@require_safe
def index(request):
    """The datasets, their formats and the licence."""
    base = request.build_absolute_uri("/")[:-1]
    return JsonResponse(
        {
            "schema_version": SCHEMA_VERSION,
            "licence": LICENCE,
            "datasets": [
                {
                    "name": dataset.name,
                    "title": str(dataset.title),
                    "fields": list(dataset.fields),
                    "json": base + reverse("api:open-data-file", args=[dataset.name, "json"]),
                    "csv": base + reverse("api:open-data-file", args=[dataset.name, "csv"]),
                }
                for dataset in DATASETS.values()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@throttle("export")
def dataset_file(request, name: str, fmt: str):
    dataset = DATASETS.get(name)
    if dataset is None or fmt not in ("json", "csv"):
        raise Http404
    rows = _rows(dataset, request)
    filename = f"jeugd-en-veiligheid-{dataset.name}-v{SCHEMA_VERSION}.{fmt}"
    if fmt == "json":
        response = JsonResponse(
            {
                "dataset": dataset.name,
                "title": str(dataset.title),
                "schema_version": SCHEMA_VERSION,
                "licence": LICENCE,
                "fields": list(dataset.fields),
                "count": len(rows),
                "results": rows,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(dataset.fields)
        for row in rows:
            writer.writerow([_cell(row[name]) for name in dataset.fields])
        # UTF-8 with BOM: spreadsheet programs then read the accents right.
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
