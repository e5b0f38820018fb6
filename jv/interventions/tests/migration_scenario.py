"""Scenario for interventions/0002_upkeep_rename on a database with data (see
jv/upkeep/tests/migrations.py): ``te_controleren``/``te_controleren_note`` become
``needs_verification``/``verification_note`` in the rows (interventions and factors) and in
every revision of an intervention, and back."""

from jv.upkeep.tests.migrations import column, historical_apps, migrate, old_revision, revision_content


def run() -> dict:
    migrate("interventions", "0001_initial")
    apps = historical_apps("interventions", "0001_initial")
    Intervention = apps.get_model("interventions", "Intervention")
    Factor = apps.get_model("interventions", "Factor")
    flagged = Intervention.objects.create(
        name="Oude interventie",
        slug="oude-interventie",
        summary="S.",
        prevention_level="selectief",
        setting="school",
        te_controleren=True,
        te_controleren_note="Erkenning nakijken.",
        live=True,
    )
    factor = Factor.objects.create(
        name="Oude factor", slug="oude-factor", te_controleren=True, te_controleren_note="Bron zoeken."
    )
    base = {"pk": flagged.pk, "name": flagged.name, "slug": flagged.slug, "summary": "S.", "live": True}
    older = old_revision(apps, flagged, {**base, "te_controleren": False, "te_controleren_note": ""})
    latest = old_revision(apps, flagged, {**base, "te_controleren": True, "te_controleren_note": "Erkenning nakijken."})
    Intervention.objects.filter(pk=flagged.pk).update(latest_revision=latest, live_revision=latest)

    migrate()
    from jv.interventions.models import Factor as CurrentFactor
    from jv.interventions.models import Intervention as CurrentIntervention

    intervention = CurrentIntervention.objects.get(pk=flagged.pk)
    as_object = intervention.get_latest_revision_as_object()
    current_factor = CurrentFactor.objects.get(pk=factor.pk)
    forward = {
        "row": [intervention.needs_verification, intervention.verification_note],
        "factor": [current_factor.needs_verification, current_factor.verification_note],
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
        "as_object": [as_object.needs_verification, as_object.verification_note],
    }
    migrate("interventions", "0001_initial")
    backward = {
        "row": [
            column("interventions_intervention", "te_controleren", flagged.pk),
            column("interventions_intervention", "te_controleren_note", flagged.pk),
        ],
        "factor": column("interventions_factor", "te_controleren", factor.pk),
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
    }
    return {"forward": forward, "backward": backward}
