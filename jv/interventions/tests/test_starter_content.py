"""The starter catalogue: enough real content, honest about what is unverified, loaded idempotently."""

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jv.interventions.models import Domain, Factor, FactorKind, Intervention, QualityWarning, RecognitionLevel
from jv.interventions.starter import INTERVENTIONS_DIR, load_interventions

pytestmark = pytest.mark.django_db


def test_at_least_twenty_factors_cover_all_five_domains_with_both_kinds():
    assert Factor.objects.count() >= 20
    for domain in Domain.values:
        kinds = set(Factor.objects.filter(domain=domain).values_list("kind", flat=True))
        assert FactorKind.RISK in kinds, domain
    assert {f.domain for f in Factor.objects.filter(kind=FactorKind.PROTECTIVE)} == set(Domain.values)


def test_factors_named_by_the_dossier_are_present_with_their_source():
    dossier_factors = [
        "criminele-vrienden",
        "criminele-familieleden",
        "schoolverzuim",
        "criminaliteit-in-de-buurt",
        "reflectie-en-impulscontrole",
        "steun-van-ouders",
        "schoolmotivatie",
        "werk-of-dagbesteding",
        "erkenning-en-talent",
        "antisociaal-gedrag",
        "ingrijpende-levensgebeurtenissen",
    ]
    for slug in dossier_factors:
        factor = Factor.objects.get(slug=slug)
        assert factor.source_url.startswith("https://www.nji.nl/"), slug
        assert not factor.needs_verification, slug


def test_every_unverified_factor_says_what_must_be_checked():
    unverified = Factor.objects.filter(needs_verification=True)
    assert unverified.exists()
    for factor in unverified:
        assert len(factor.verification_note) > 20, factor.slug


def test_at_least_fifteen_interventions_each_with_source_link_and_summary():
    interventions = Intervention.objects.all()
    assert interventions.count() >= 15
    for item in interventions:
        assert item.source_url.startswith("https://"), item.slug
        assert len(item.summary) > 60, item.slug
        assert item.live, item.slug


def test_verified_facts_from_the_domain_notes_are_recorded_exactly():
    ajb = Intervention.objects.get(slug="alleen-jij-bepaalt-wie-je-bent")
    assert ajb.recognition_level == RecognitionLevel.FIRST_INDICATIONS
    assert ajb.recognition_date_iso == "2019"
    assert (ajb.age_min, ajb.age_max) == (12, 18)
    mst = Intervention.objects.get(slug="multisysteemtherapie")
    assert mst.recognition_level == RecognitionLevel.FIRST_INDICATIONS
    assert mst.recognition_date_iso == "2021"
    assert (mst.age_min, mst.age_max) == (10, 19)
    tools4u = Intervention.objects.get(slug="tools4u")
    assert tools4u.recognition_level == RecognitionLevel.FIRST_INDICATIONS
    assert "Justitiële interventies" in tools4u.recognition_source
    assert tools4u.source_url == "https://www.nji.nl/interventies/tools4u"
    assert "12 of 15" in tools4u.duration
    mdft = Intervention.objects.get(slug="multidimensionele-familietherapie")
    assert mdft.recognition_level == RecognitionLevel.FIRST_INDICATIONS
    assert "sterke aanwijzingen" in mdft.recognition_note
    assert Intervention.objects.get(slug="tfco-a").recognition_level == RecognitionLevel.WELL_FOUNDED
    lvd = Intervention.objects.get(slug="leren-van-delict")
    assert lvd.recognition_level == RecognitionLevel.WELL_FOUNDED
    assert lvd.recognition_date_iso == "2023"


def test_no_recognition_level_is_stated_as_fact_without_a_date_or_a_te_controleren_note():
    for item in Intervention.objects.all():
        if item.recognition_date is None or item.recognition_level == RecognitionLevel.NOT_ASSESSED:
            assert item.needs_verification, item.slug
        if item.needs_verification:
            assert len(item.verification_note) > 30, item.slug


def test_group_trainings_carry_the_deviancy_training_warning():
    warning = QualityWarning.objects.get(slug="groepsaanpak-negatieve-beinvloeding")
    assert {"equip", "aggression-replacement-training"} <= set(warning.interventions.values_list("slug", flat=True))
    assert QualityWarning.objects.filter(slug="algemene-voorlichting").exists()


def test_var_interventietool_is_linked_to_the_catalogue():
    linked = Intervention.objects.filter(resources__slug="interventietool-ontwapenend")
    assert linked.count() >= 2


def test_loading_twice_creates_nothing_and_keeps_editor_changes():
    tools4u = Intervention.objects.get(slug="tools4u")
    tools4u.summary = "Door de redactie herschreven."
    tools4u.save()
    factor = Factor.objects.get(slug="armoede")
    factor.explanation = "Eigen uitleg van de redactie."
    factor.save()
    counts = (Intervention.objects.count(), Factor.objects.count(), QualityWarning.objects.count())
    report = load_interventions()
    assert report.total("created") == 0
    assert (Intervention.objects.count(), Factor.objects.count(), QualityWarning.objects.count()) == counts
    assert Intervention.objects.get(slug="tools4u").summary == "Door de redactie herschreven."
    assert Factor.objects.get(slug="armoede").explanation == "Eigen uitleg van de redactie."


def test_update_writes_the_files_version_as_a_new_revision():
    tools4u = Intervention.objects.get(slug="tools4u")
    revisions = tools4u.revisions.count()
    tools4u.summary = "Door de redactie herschreven."
    tools4u.save()
    report = load_interventions(update=True)
    assert report.counts["intervention:updated"] >= 1
    tools4u.refresh_from_db()
    assert tools4u.summary.startswith("Leerstraf")
    assert tools4u.revisions.count() == revisions + 1


def test_missing_intervention_is_recreated_with_its_relations():
    Intervention.objects.filter(slug="equip").delete()
    report = load_interventions()
    assert report.counts["intervention:created"] == 1
    equip = Intervention.objects.get(slug="equip")
    assert equip.warnings.filter(slug="groepsaanpak-negatieve-beinvloeding").exists()
    assert equip.risk_factors.filter(slug="impulsiviteit").exists()
    assert equip.live


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "interventions"
    shutil.copytree(INTERVENTIONS_DIR, target)
    return target


def _edit(directory: Path, name: str, change):
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "name,change,message",
    [
        ("interventions.yaml", lambda d: d[0].update(recognition_level="heel-goed"), "recognition_level"),
        ("interventions.yaml", lambda d: d[0].update(risk_factors=["bestaat-niet"]), "onbekende factor"),
        ("interventions.yaml", lambda d: d[0].update(risk_factors=["sociale-vaardigheden"]), "geen risicofactor"),
        ("interventions.yaml", lambda d: d[0].update(themes=["geen-thema"]), "onbekend thema"),
        ("interventions.yaml", lambda d: d[0].update(age_min=19, age_max=12), "age_min"),
        ("interventions.yaml", lambda d: d[0].update(age_min=-3), "age_min"),
        ("interventions.yaml", lambda d: d[0].update(recognition_date="2019-13-45"), "ongeldige datum"),
        (
            "interventions.yaml",
            lambda d: d[0].update(recognition_date=str(datetime.date.today().year + 2) + "-01-01"),
            "toekomst",
        ),
        ("interventions.yaml", lambda d: d[0].update(slug="vergelijk"), "gereserveerd"),
        ("interventions.yaml", lambda d: d[1].update(slug=d[0]["slug"]), "dubbel"),
        ("interventions.yaml", lambda d: d[0].update(te_controleren=True, te_controleren_note=""), "toelichting"),
        ("interventions.yaml", lambda d: d[0].update(onzin="x"), "onbekend veld"),
        ("factors.yaml", lambda d: d[0].update(domain="planeet"), "onbekend domein"),
        ("warnings.yaml", lambda d: d[0].pop("title"), "'title' ontbreekt"),
    ],
)
def test_broken_files_are_refused_with_a_dutch_message_and_change_nothing(content_copy, name, change, message):
    Intervention.objects.filter(slug="equip").delete()
    Factor.objects.create(
        slug="alleen-in-db", name="Alleen in de database", kind="risk", domain="gezin", explanation="x"
    )
    before = (Intervention.objects.count(), Factor.objects.count(), QualityWarning.objects.count())
    _edit(content_copy, name, change)
    with pytest.raises(ValidationError) as error:
        load_interventions(content_copy)
    assert message in " ".join(error.value.messages)
    assert (Intervention.objects.count(), Factor.objects.count(), QualityWarning.objects.count()) == before


def test_invalid_yaml_syntax_is_refused(content_copy):
    (content_copy / "factors.yaml").write_text("- slug: [kapot\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        load_interventions(content_copy)
    assert "geen geldige YAML" in " ".join(error.value.messages)


def test_management_command_loads_the_interventions_too(capsys):
    Intervention.objects.filter(slug="tools4u").delete()
    call_command("load_starter_content")
    out = capsys.readouterr().out
    assert "Interventiewijzer:" in out
    assert "intervention:created 1" in out
    assert Intervention.objects.filter(slug="tools4u", live=True).exists()


def test_starter_texts_are_in_our_own_words():
    tool = Path("/work/shared/tools/check-own-words")
    if not tool.exists():
        pytest.skip("check-own-words is not available on this machine")
    import subprocess

    result = subprocess.run([str(tool), str(INTERVENTIONS_DIR)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
