"""Scenario for guides/0002_upkeep_rename on a database that holds guides and revisions (see
jv/upkeep/tests/migrations.py): the guide-level ``to_check`` becomes ``needs_verification`` in the
row and in every revision; the ``to_check`` boxes inside the steps stay (they are part flags)."""

import json

from jv.upkeep.tests.migrations import column, historical_apps, migrate, old_revision, revision_content

STEPS = [
    {
        "type": "domain",
        "id": "b1",
        "value": {
            "id": "thuis",
            "title": "Thuis",
            "text": "",
            "to_check": True,
            "note": "Bron zoeken.",
            "signals": [{"label": "Signaal A", "to_check": False}, {"label": "Signaal B", "to_check": True}],
            "actions": [],
            "partners": [],
        },
    },
]


def run() -> dict:
    migrate("guides", "0001_initial")
    apps = historical_apps("guides", "0001_initial")
    Guide = apps.get_model("guides", "Guide")
    flagged = Guide.objects.create(
        title="Oude signaalwijzer",
        slug="oude-signaalwijzer",
        kind="signaalwijzer",
        summary="Samenvatting.",
        steps=STEPS,
        to_check=True,
        verification_note="Nakijken.",
        live=True,
    )
    plain = Guide.objects.create(title="Gecontroleerde routekaart", slug="gecontroleerd", summary="S.", to_check=False)
    base = {
        "pk": flagged.pk,
        "title": flagged.title,
        "slug": flagged.slug,
        "kind": "signaalwijzer",
        "summary": "Samenvatting.",
        "steps": json.dumps(STEPS),
        "verification_note": "Nakijken.",
        "live": True,
    }
    older = old_revision(apps, flagged, {**base, "to_check": False})
    latest = old_revision(apps, flagged, {**base, "to_check": True})
    other = old_revision(apps, plain, {"pk": plain.pk, "title": plain.title, "to_check": False})
    Guide.objects.filter(pk=flagged.pk).update(latest_revision=latest, live_revision=latest)

    migrate()  # forward to the latest migrations
    from jv.guides.models import Guide as CurrentGuide
    from jv.guides.upkeep import guide_part_flags

    guide = CurrentGuide.objects.get(pk=flagged.pk)
    forward = {
        "row": [guide.needs_verification, guide.verification_note],
        "plain_row": CurrentGuide.objects.get(pk=plain.pk).needs_verification,
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
        "other": revision_content(other.pk),
        "as_object": guide.get_latest_revision_as_object().needs_verification,
        "parts": sorted(flag.key for flag in guide_part_flags(guide)),
    }

    migrate("guides", "0001_initial")  # and back
    backward = {
        "row": column("guides_guide", "to_check", flagged.pk),
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
    }
    return {"forward": forward, "backward": backward}
