"""Open data export: stable columns, a licence, public data only (also for members)."""

import csv
import io

import pytest

from jv.core.visibility import Visibility
from jv.dossier.tests.factories import ResourceFactory
from jv.opendata import DATASETS, LICENCE, SCHEMA_VERSION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", list(DATASETS))
def test_json_has_the_fixed_columns_and_the_licence(anon_client, name):
    body = anon_client.get(f"/api/v1/open-data/{name}.json").json()
    assert body["schema_version"] == SCHEMA_VERSION
    assert body["licence"]["name"] == LICENCE["name"]
    assert body["fields"] == list(DATASETS[name].fields)
    assert body["count"] == len(body["results"]) > 0
    assert all(list(row) == body["fields"] for row in body["results"])


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_has_the_same_columns_and_rows(anon_client, name):
    response = anon_client.get(f"/api/v1/open-data/{name}.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "license" in response["Link"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(DATASETS[name].fields)
    assert len(rows) - 1 == anon_client.get(f"/api/v1/open-data/{name}.json").json()["count"]


def test_interventions_carry_their_factors(anon_client):
    rows = anon_client.get("/api/v1/open-data/interventions.json").json()["results"]
    assert any(row["risk_factors"] for row in rows)


def test_members_only_items_never_reach_the_open_data(member_client):
    ResourceFactory(title="Alleen voor leden bron", slug="alleen-leden-bron", visibility=Visibility.MEMBERS)
    ResourceFactory(title="Openbare testbron", slug="openbare-testbron")
    json_text = member_client.get("/api/v1/open-data/resources.json").content.decode()
    csv_text = member_client.get("/api/v1/open-data/resources.csv").content.decode()
    for text in (json_text, csv_text):
        assert "openbare-testbron" in text
        assert "alleen-leden-bron" not in text


def test_index_lists_datasets_and_an_unknown_dataset_is_404(anon_client):
    body = anon_client.get("/api/v1/open-data/").json()
    assert {d["name"] for d in body["datasets"]} == set(DATASETS)
    assert anon_client.get("/api/v1/open-data/onbekend.json").status_code == 404


@pytest.mark.parametrize("dataset", ["resources", "organisations", "guides"])
def test_a_withdrawn_theme_is_never_named_in_the_open_data(anon_client, dataset):
    """Related themes go through the visibility module too (jv.core.visibility.visible_related)."""
    from jv.dossier.tests.factories import make_theme
    from jv.guides.tests.factories import GuideFactory
    from jv.network.tests.factories import OrganisationFactory

    shown = make_theme(title="Zichtbaar thema", slug="zichtbaar-thema-od")
    withdrawn = make_theme(title="Ingetrokken thema", slug="ingetrokken-thema-od")
    factory = {"resources": ResourceFactory, "organisations": OrganisationFactory, "guides": GuideFactory}[dataset]
    item = factory(slug=f"item-met-thema-{dataset}")
    item.themes.set([shown, withdrawn])
    item.save()  # ParentalManyToMany: written on save
    withdrawn.unpublish()
    rows = anon_client.get(f"/api/v1/open-data/{dataset}.json").json()
    text = str(rows)
    assert f"item-met-thema-{dataset}" in text
    assert "zichtbaar-thema-od" in text
    assert "ingetrokken-thema-od" not in text
