"""The starter guides in content/guides/: valid by the same validator, loaded idempotently."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jv.guides.models import Guide
from jv.guides.starter import GUIDES_DIR, check_guide_data, load_guides, raw_steps, read_guide_files
from jv.guides.structure import steps_from_raw
from jv.guides.validation import validate_guide

pytestmark = pytest.mark.django_db

EXPECTED = {
    "zorgwekkend-online-bericht": "routekaart",
    "7-stappenmodel-groepsaanpak": "stappenmodel",
    "barrieremodel-wapens-en-jongeren": "barrieremodel",
    "signaalwijzer-uitbuiting-lvb": "signaalwijzer",
    "zorgen-over-een-jongere": "routekaart",
    "verzuim-en-halt": "routekaart",
}


def test_the_six_starter_guides_exist_with_their_kinds():
    files = {data["slug"]: data["kind"] for _, data in read_guide_files()}
    assert files == EXPECTED


@pytest.mark.parametrize("name,data", read_guide_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_starter_guide_passes_the_validator_and_the_block_checks(name, data):
    assert validate_guide(data["kind"], steps_from_raw(raw_steps(data)), data["sources"]) == []
    assert check_guide_data(name, data) == []


@pytest.mark.parametrize("name,data", read_guide_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_starter_guide_has_sources_themes_and_a_to_check_note(name, data):
    themes = {t["slug"] for t in yaml.safe_load((Path(GUIDES_DIR).parent / "starter" / "themes.yaml").read_text())}
    assert set(data["themes"]) <= themes
    assert all(s["url"].startswith("https://") for s in data["sources"])
    assert data["to_check"] is True and data["verification_note"].strip()


def test_online_guide_covers_the_phenomena_and_the_numbers():
    data = dict(read_guide_files())["zorgwekkend-online-bericht.yaml"]
    terms = {t["term"] for t in data["background"]}
    assert {"Drill", "Doxing", "Exposen", "Online ronselen", "Straatboetes"} <= terms
    doxing = next(t for t in data["background"] if t["term"] == "Doxing")
    assert "2024" in doxing["text"] and "te controleren" in doxing["text"] and doxing["to_check"]
    text = yaml.safe_dump(data, allow_unicode=True)
    for fact in ("112", "0900-8844", "0800-7000", "niet door"):
        assert fact in text


def test_step_model_has_seven_steps_with_2a_and_2b():
    data = dict(read_guide_files())["7-stappenmodel-groepsaanpak.yaml"]
    ids = [s["id"] for s in data["steps"]]
    assert ids[:8] == ["stap-1", "stap-2a", "stap-2b", "stap-3", "stap-4", "stap-5", "stap-6", "stap-7"]
    assert all(s["aim"] and s["roles"] and s["privacy"] for s in data["steps"])


def test_barrier_model_has_eight_phases_marked_to_check():
    data = dict(read_guide_files())["barrieremodel-wapens-en-jongeren.yaml"]
    assert len(data["steps"]) == 8
    assert all(step["to_check"] for step in data["steps"])


def test_signaalwijzer_signals_are_all_marked_to_check():
    data = dict(read_guide_files())["signaalwijzer-uitbuiting-lvb.yaml"]
    assert all(signal["to_check"] for step in data["steps"] for signal in step["signals"])


def test_loading_twice_changes_nothing_and_keeps_editor_changes():
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    guide.title = "Aangepast door de redactie"
    guide.save()
    revisions = guide.revisions.count()
    report = load_guides()
    assert report.counts == {"unchanged": 6}
    guide.refresh_from_db()
    assert guide.title == "Aangepast door de redactie"
    assert guide.revisions.count() == revisions


def test_update_restores_the_file_version_as_a_new_revision():
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    guide.title = "Aangepast"
    guide.save()
    report = load_guides(update=True)
    assert report.counts == {"updated": 1, "unchanged": 5}
    guide.refresh_from_db()
    assert guide.title == "Zorgwekkend online bericht"
    assert guide.live and guide.live_revision is not None


def test_missing_guide_is_created_again_and_published():
    Guide.objects.filter(slug="signaalwijzer-uitbuiting-lvb").delete()
    report = load_guides()
    assert report.counts == {"created": 1, "unchanged": 5}
    guide = Guide.objects.get(slug="signaalwijzer-uitbuiting-lvb")
    assert guide.live and {t.slug for t in guide.themes.all()} == {"lvb"}


def _write(tmp_path, name, data):
    (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_broken_file_stops_the_load_and_writes_nothing(tmp_path):
    files = read_guide_files()
    for name, data in files:
        _write(tmp_path, name, data)
    broken = dict(files[0][1], slug="nieuw-maar-kapot")
    broken["steps"] = [dict(broken["steps"][0])]
    broken["steps"][0]["options"] = [{"label": "Ja", "next": "nergens"}, {"label": "Nee", "next": "ook-nergens"}]
    _write(tmp_path, "kapot.yaml", broken)
    _write(tmp_path, "nieuw.yaml", dict(files[1][1], slug="nieuw-en-goed"))
    count = Guide.objects.count()
    with pytest.raises(ValidationError) as error:
        load_guides(tmp_path)
    text = " ".join(error.value.messages)
    assert "kapot.yaml" in text and "nergens" in text
    assert Guide.objects.count() == count
    assert not Guide.objects.filter(slug__in=["nieuw-maar-kapot", "nieuw-en-goed"]).exists()


def test_unknown_fields_bad_yaml_and_duplicate_slugs_are_reported(tmp_path):
    data = dict(read_guide_files()[0][1], acties="typefout")
    _write(tmp_path, "a.yaml", data)
    with pytest.raises(ValidationError) as error:
        load_guides(tmp_path)
    assert "onbekend veld 'acties'" in " ".join(error.value.messages)
    (tmp_path / "a.yaml").write_text("slug: [onaf", encoding="utf-8")
    with pytest.raises(ValidationError, match="geen geldige YAML"):
        load_guides(tmp_path)
    good = read_guide_files()[0][1]
    _write(tmp_path, "a.yaml", good)
    _write(tmp_path, "b.yaml", good)
    with pytest.raises(ValidationError, match="komt in meer bestanden voor"):
        load_guides(tmp_path)


def test_block_level_errors_in_a_file_are_reported(tmp_path):
    data = dict(read_guide_files())["zorgwekkend-online-bericht.yaml"]
    data = yaml.safe_load(yaml.safe_dump(data))
    data["steps"][1]["actions"][0]["phone"] = "bel maar"
    _write(tmp_path, "a.yaml", data)
    with pytest.raises(ValidationError) as error:
        load_guides(tmp_path)
    assert "steps 2" in " ".join(error.value.messages)


def test_unknown_theme_is_skipped_with_a_warning(tmp_path):
    data = dict(read_guide_files()[0][1], slug="met-onbekend-thema", themes=["bestaat-niet", "lvb"])
    _write(tmp_path, "a.yaml", data)
    report = load_guides(tmp_path)
    assert report.counts == {"created": 1}
    assert "bestaat-niet" in report.summary()
    assert {t.slug for t in Guide.objects.get(slug="met-onbekend-thema").themes.all()} == {"lvb"}


def test_management_command_loads_guides_after_the_dossier():
    out = StringIO()
    call_command("load_starter_content", stdout=out)
    assert "Routekaarten: unchanged 6" in out.getvalue()


def test_check_guides_command_passes_on_starter_data_and_reports_a_broken_draft():
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("check_guides", stdout=out)
    assert "Routekaarten in orde: 6 bestanden, 6 in de database." in out.getvalue()
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    guide.steps = [{"type": "decision_step", "value": {"id": "a", "title": "A", "options": [], "actions": []}}]
    guide.save_revision()  # a draft: the live version stays as it was
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_guides", stdout=StringIO(), stderr=err)
    assert "zorgwekkend-online-bericht (laatste concept)" in err.getvalue()
    assert "eindstap" in err.getvalue()
