"""The region's starter content, and its "te controleren" flags on the upkeep dashboard."""

import pytest
import yaml
from django.core.exceptions import ValidationError

from jv.monitor.models import Area
from jv.region.models import Agreement, Gemeente, GemeentePartner, InterventionAvailability
from jv.region.starter import REGION_DIR, load_region_starter
from jv.region.upkeep import clear, collect

pytestmark = pytest.mark.django_db


def test_every_current_gemeente_of_the_monitor_has_a_published_page():
    current = set(Area.objects.filter(level="gemeente", successor__isnull=True).values_list("code", flat=True))
    pages = set(Gemeente.objects.filter(live=True).values_list("area__code", flat=True))
    assert len(current) == 23 and pages == current


def test_starter_facts_that_are_not_from_the_dossier_are_te_controleren_and_unreviewed():
    assert not Gemeente.objects.filter(last_reviewed__isnull=False).exists()
    assert all(g.needs_verification and g.verification_note for g in Gemeente.objects.all())
    assert not GemeentePartner.objects.filter(organisation__slug="jongerenwerk", to_verify=False).exists()
    assert not InterventionAvailability.objects.filter(to_verify=False).exists()
    undated = Agreement.objects.filter(date__isnull=True)
    assert undated.exists() and all(a.needs_verification for a in undated)


def test_loading_twice_changes_nothing_and_keeps_editor_work():
    g = Gemeente.objects.get(slug="ridderkerk")
    g.intro = "Door de redactie geschreven."
    g.save()
    report = load_region_starter()
    assert report.total("created") == 0
    g.refresh_from_db()
    assert g.intro == "Door de redactie geschreven."


def _copy(tmp_path):
    for name in ("gemeenten.yaml", "agreements.yaml", "signals.yaml"):
        (tmp_path / name).write_text((REGION_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "name, mutate, message",
    [
        ("gemeenten.yaml", lambda d: d["gemeenten"][0].update(area="GM9999"), "onbekend monitorgebied"),
        ("gemeenten.yaml", lambda d: d["gemeenten"][0].update(last_reviewed="2026-01-01"), "geen controledatum"),
        ("agreements.yaml", lambda d: d[0].update(gemeenten=["atlantis"]), "onbekende gemeente"),
        ("agreements.yaml", lambda d: d[0].update(date="gisteren"), "ongeldige datum"),
        ("signals.yaml", lambda d: d.append({"slug": "x", "title": "X", "text": "t"}), "ontbreekt"),
    ],
)
def test_broken_starter_file_changes_nothing(tmp_path, name, mutate, message):
    directory = _copy(tmp_path)
    data = yaml.safe_load((directory / name).read_text())
    mutate(data)
    (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True))
    Gemeente.objects.filter(slug="lansingerland").delete()
    with pytest.raises(ValidationError) as error:
        load_region_starter(directory)
    assert any(message in m for m in error.value.messages), error.value.messages
    assert not Gemeente.objects.filter(slug="lansingerland").exists()


def test_partner_and_availability_flags_are_listed_and_confirmed_in_row_and_revision():
    g = Gemeente.objects.get(slug="gorinchem")
    flags = list(collect(Gemeente.objects.filter(pk=g.pk)))
    keys = {f.key for f in flags}
    partner = GemeentePartner.objects.get(gemeente=g, organisation__slug="jongerenwerk")
    assert f"partner:{partner.pk}" in keys
    assert any(k.startswith("availability:") for k in keys)
    assert clear(g, f"partner:{partner.pk}")
    partner.refresh_from_db()
    assert partner.to_verify is False
    live = g.live_revision.content
    assert next(p for p in live["partners"] if p["pk"] == partner.pk)["to_verify"] is False
    assert not clear(g, f"partner:{partner.pk}") and not clear(g, "anders:1")


def test_upkeep_dashboard_lists_gemeente_flags(editor_client):
    body = editor_client.get("/admin/onderhoud/", {"tab": "verify"}).content.decode()
    assert "Rol van Jongerenwerk in Gorinchem" in body
