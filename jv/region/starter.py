"""Load the region's starter data from ``content/region/*.yaml``.

Idempotent, create-missing-only: gemeenten, agreements and signalen are matched on their slug and
never changed once they exist (an editor's work wins; ``update=True`` is accepted for the common
loader interface but changes nothing that exists). Everything is validated first and loaded in one
transaction: a broken file changes nothing. Needs the monitor areas, the network organisations,
the interventions and the dossier themes (their loaders run first).

Honest data: every partner role and every availability loaded from the files is "te controleren"
unless the file says ``to_verify: false`` for a fact from a checked source; nothing has a review
date (``last_reviewed`` stays empty until an editor really reviewed the item).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jv.core.starter import StarterErrors, read_yaml
from jv.core.visibility import Visibility
from jv.dossier.models import ThemePage
from jv.dossier.starter import LoadReport
from jv.interventions.models import Intervention
from jv.monitor.models import Area
from jv.network.models import Organisation
from jv.region.models import (
    Agreement,
    Availability,
    DatePrecision,
    Gemeente,
    GemeentePartner,
    InterventionAvailability,
    Signal,
)

REGION_DIR = settings.BASE_DIR / "content" / "region"


def _publish(obj):
    revision = obj.save_revision(log_action=True)
    revision.publish()


def _partner_rows(data: dict, gemeente: dict) -> list[dict]:
    """Default partners (every gemeente, then its subregion), then the gemeente's own rows."""
    defaults = data.get("partner_defaults") or {}
    rows = list(defaults.get("all") or [])
    rows += list((defaults.get("subregions") or {}).get(gemeente.get("subregion"), []) or [])
    rows += list(gemeente.get("partners") or [])
    return rows


def _availability_rows(data: dict, gemeente: dict) -> list[dict]:
    return list(data.get("availability_defaults") or []) + list(gemeente.get("availability") or [])


def validate(data: dict, agreements: list, signals: list) -> None:
    check = StarterErrors()
    areas = set(Area.objects.filter(level=Area.Level.GEMEENTE).values_list("code", flat=True))
    organisations = set(Organisation.objects.values_list("slug", flat=True))
    interventions = set(Intervention.objects.values_list("slug", flat=True))
    themes = set(ThemePage.objects.values_list("slug", flat=True))
    subregions = set((data.get("partner_defaults") or {}).get("subregions") or {})
    gemeente_slugs = set()
    for where, item in check.items(
        "gemeenten.yaml", data.get("gemeenten") or [], ("slug", "name", "area"), label="gemeente", seen=gemeente_slugs
    ):
        if item.get("area") and item["area"] not in areas:
            check.add(where, f"onbekend monitorgebied '{item['area']}'")
        if item.get("subregion") and item["subregion"] not in subregions:
            check.add(where, f"onbekende subregio '{item['subregion']}'")
        if item.get("last_reviewed"):
            check.add(where, "geen controledatum in startinhoud (alleen een redacteur zet die)")
        for row in _partner_rows(data, item):
            if row.get("organisation") not in organisations:
                check.add(where, f"onbekende organisatie '{row.get('organisation')}'")
            if not (row.get("role") or "").strip():
                check.add(where, f"partner '{row.get('organisation')}' zonder rol")
        for row in _availability_rows(data, item):
            if row.get("intervention") not in interventions:
                check.add(where, f"onbekende interventie '{row.get('intervention')}'")
            if row.get("status", Availability.UNKNOWN) not in Availability.values:
                check.add(where, f"onbekende beschikbaarheid '{row.get('status')}'")
    for name, items in (("agreements.yaml", agreements), ("signals.yaml", signals)):
        seen = set()
        for where, item in check.items(name, items, ("slug", "title"), seen=seen):
            check.visibility(item, where)
            if item.get("last_reviewed"):
                check.add(where, "geen controledatum in startinhoud (alleen een redacteur zet die)")
            check.references(item.get("themes"), themes, where, "onbekend thema")
            check.references(item.get("gemeenten"), gemeente_slugs, where, "onbekende gemeente")
            if name == "agreements.yaml":
                check.date(item.get("date"), where)
                if item.get("date_precision", DatePrecision.DAY) not in DatePrecision.values:
                    check.add(where, f"onbekende precisie '{item.get('date_precision')}'")
                if item.get("kind", Agreement.Kind.COVENANT) not in Agreement.Kind.values:
                    check.add(where, f"onbekende soort '{item.get('kind')}'")
            else:
                for key in ("text", "source", "observed_on"):
                    if not item.get(key):
                        check.add(where, f"'{key}' ontbreekt")
                if not item.get("themes"):
                    check.add(where, "een signaal hoort bij minstens één thema")
                observed = check.date(item.get("observed_on"), where)
                if observed and observed > datetime.date.today():
                    check.add(where, "datum ligt in de toekomst")
    check.raise_if_any()


def _verification(item: dict, default_note: str) -> dict:
    if not item.get("to_verify"):
        return {"needs_verification": False, "verification_note": ""}
    return {"needs_verification": True, "verification_note": (item.get("verification_note") or default_note).strip()}


def load_region_starter(directory: Path | None = None, update: bool = False) -> LoadReport:
    from jv.upkeep.changes import suppressed as no_change_entries

    with no_change_entries():
        return _load(Path(directory or REGION_DIR))


@transaction.atomic
def _load(directory: Path) -> LoadReport:
    report = LoadReport()
    data = read_yaml(directory, "gemeenten.yaml") or {}
    agreements = read_yaml(directory, "agreements.yaml") or []
    signals = read_yaml(directory, "signals.yaml") or []
    validate(data, agreements, signals)
    organisations = {o.slug: o for o in Organisation.objects.all()}
    interventions = {i.slug: i for i in Intervention.objects.all()}
    themes = {t.slug: t for t in ThemePage.objects.all()}

    for item in data.get("gemeenten") or []:
        if Gemeente.objects.filter(slug=item["slug"]).exists():
            report.add("gemeente", "unchanged")
            continue
        gemeente = Gemeente(
            slug=item["slug"],
            name=item["name"],
            area=Area.objects.get(code=item["area"]),
            intro=(item.get("intro") or "").strip(),
            website=item.get("website") or "",
            **_verification(item, "Partners, afspraken en beschikbaarheid van interventies nagaan bij de gemeente."),
        )
        gemeente.save()
        for order, row in enumerate(_partner_rows(data, item)):
            gemeente.partners.add(
                GemeentePartner(
                    organisation=organisations[row["organisation"]],
                    role=" ".join(row["role"].split()),
                    to_verify=bool(row.get("to_verify", True)),
                    sort_order=order,
                )
            )
        for order, row in enumerate(_availability_rows(data, item)):
            gemeente.availability.add(
                InterventionAvailability(
                    intervention=interventions[row["intervention"]],
                    status=row.get("status", Availability.UNKNOWN),
                    provider=row.get("provider") or "",
                    note=" ".join((row.get("note") or "").split()),
                    to_verify=bool(row.get("to_verify", True)),
                    sort_order=order,
                )
            )
        gemeente.save()
        _publish(gemeente)
        report.add("gemeente", "created")

    gemeenten = {g.slug: g for g in Gemeente.objects.all()}
    for item in agreements:
        if Agreement.objects.filter(slug=item["slug"]).exists():
            report.add("agreement", "unchanged")
            continue
        agreement = Agreement(
            slug=item["slug"],
            title=item["title"],
            kind=item.get("kind", Agreement.Kind.COVENANT),
            summary=" ".join((item.get("summary") or "").split()),
            date=StarterErrors().date(item.get("date"), ""),
            date_precision=item.get("date_precision", DatePrecision.DAY),
            source=item.get("source") or "",
            source_url=item.get("source_url") or "",
            parties=item.get("parties") or "",
            visibility=item.get("visibility", Visibility.PUBLIC),
            **_verification(item, "Datum, bron en deelnemende gemeenten nagaan."),
        )
        agreement.save()
        agreement.gemeenten.set([gemeenten[slug] for slug in item.get("gemeenten") or []])
        agreement.themes.set([themes[slug] for slug in item.get("themes") or []])
        agreement.save()
        _publish(agreement)
        report.add("agreement", "created")

    for item in signals:
        if Signal.objects.filter(slug=item["slug"]).exists():
            report.add("signal", "unchanged")
            continue
        signal = Signal(
            slug=item["slug"],
            title=item["title"],
            text=(item.get("text") or "").strip(),
            observed_on=StarterErrors().date(item["observed_on"], ""),
            source=item["source"],
            source_url=item.get("source_url") or "",
            visibility=item.get("visibility", Visibility.PUBLIC),
            **_verification(item, "Signaal bevestigen bij de bron."),
        )
        signal.save()
        signal.themes.set([themes[slug] for slug in item.get("themes") or []])
        signal.save()
        _publish(signal)
        report.add("signal", "created")
    return report
