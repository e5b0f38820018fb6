"""Load the network's starter data from ``content/network/*.yaml``.

Idempotent, create-missing-only: organisations and events are matched on their slug, contacts on
organisation + e-mail (or name). Existing objects are never changed, so an editor's work is never
overwritten. Everything is validated first and loaded in one transaction: a broken file changes
nothing. Needs the dossier's themes (load the dossier starter content first).
"""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jv.core.starter import StarterErrors, read_yaml
from jv.core.visibility import Visibility
from jv.dossier.models import ThemePage
from jv.dossier.starter import LoadReport
from jv.network.models import Contact, Event, Organisation, OrganisationRole

NETWORK_DIR = settings.BASE_DIR / "content" / "network"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


ORGANISATION_CHECK = "Gegevens uit achtergrondkennis (website, soort, regio) nagaan bij een betrouwbare bron."
CONTACT_CHECK = "Functie, contactgegevens en de vastgelegde toestemming bevestigen bij de contactpersoon zelf."


def _organisation_verification(item: dict) -> dict:
    """The file's ``to_verify`` as the upkeep mixin's "te controleren" flag, with a note that says
    what to check: ``verification_note`` from the file, else the editor note, plus the roles still to check."""
    if not item.get("to_verify"):
        return {"needs_verification": False, "verification_note": ""}
    note = (item.get("verification_note") or item.get("note") or ORGANISATION_CHECK).strip()
    roles = [r.get("theme") or "algemeen" for r in item.get("roles") or [] if r.get("to_verify")]
    if roles:
        note += " Rollen nagaan: " + ", ".join(roles) + "."
    return {"needs_verification": True, "verification_note": note}


def _publish(obj):
    revision = obj.save_revision(log_action=True)
    revision.publish()


def validate(organisations: list, contacts: list, events: list, theme_slugs: set[str]) -> None:
    check = StarterErrors()
    kinds = set(Organisation.Kind.values)
    seen = set()
    known_orgs = set(Organisation.objects.values_list("slug", flat=True))
    for where, item in check.items("organisations.yaml", organisations, ("slug", "name", "kind"), seen=seen):
        if item.get("kind") not in kinds:
            check.add(where, f"onbekende soort '{item.get('kind')}'")
        check.visibility(item, where)
        check.references(item.get("themes"), theme_slugs, where, "onbekend thema")
        for role in item.get("roles") or []:
            if not role.get("role"):
                check.add(where, "rol zonder tekst")
            if role.get("theme") and role["theme"] not in theme_slugs:
                check.add(where, f"rol bij onbekend thema '{role['theme']}'")
    org_slugs = seen | known_orgs
    for i, item in enumerate(contacts, start=1):
        where = f"contacts.yaml item {i} ({item.get('key', '?')})"
        if item.get("consent_pending"):
            if item.get("consent_date"):
                check.add(where, "toestemming nog niet vastgelegd (consent_pending) maar wel een toestemmingsdatum")
            continue
        for key in ("name", "organisation", "consent_date", "consent_basis"):
            if not item.get(key):
                check.add(where, f"'{key}' ontbreekt (geen contact zonder vastgelegde toestemming)")
        if item.get("organisation") and item["organisation"] not in org_slugs:
            check.add(where, f"onbekende organisatie '{item['organisation']}'")
        if not item.get("email") and not item.get("phone"):
            check.add(where, "e-mailadres of telefoonnummer ontbreekt")
        if item.get("consent_date"):
            consent = check.date(item["consent_date"], where)
            if consent and consent > datetime.date.today():
                check.add(where, "toestemmingsdatum ligt in de toekomst")
        check.references(item.get("themes"), theme_slugs, where, "onbekend thema")
    event_kinds = set(Event.Kind.values)
    seen_events = set()
    for where, item in check.items("events.yaml", events, ("slug", "title", "start", "end"), seen=seen_events):
        if item.get("kind", "other") not in event_kinds:
            check.add(where, f"onbekende soort '{item.get('kind')}'")
        check.visibility(item, where)
        if not item.get("location") and not item.get("online_url"):
            check.add(where, "plaats of online link ontbreekt")
        start = check.local_datetime(item.get("start"), where, AMSTERDAM) if item.get("start") else None
        end = check.local_datetime(item.get("end"), where, AMSTERDAM) if item.get("end") else None
        if start and end and end < start:
            check.add(where, "einde ligt voor het begin")
        if item.get("organiser") and item["organiser"] not in org_slugs:
            check.add(where, f"onbekende organisator '{item['organiser']}'")
        check.references(item.get("themes"), theme_slugs, where, "onbekend thema")
    check.raise_if_any()


def load_network_starter(
    directory: Path = NETWORK_DIR, report: LoadReport | None = None, update: bool = False
) -> LoadReport:
    """Create missing organisations, roles, contacts and events (create-only; `update` is accepted
    for the common loader interface but never overwrites network data, which editors own).
    Announces nothing in "Wat is er nieuw" (a fresh install is not news)."""
    from jv.upkeep.changes import suppressed as no_change_entries

    with no_change_entries():
        return _load_network_starter(directory, report)


@transaction.atomic
def _load_network_starter(directory: Path, report: LoadReport | None) -> LoadReport:
    report = report or LoadReport()
    organisations = read_yaml(directory, "organisations.yaml") or []
    contacts = read_yaml(directory, "contacts.yaml") or []
    events = read_yaml(directory, "events.yaml") or []
    themes = {page.slug: page for page in ThemePage.objects.all()}
    validate(organisations, contacts, events, set(themes))

    for item in organisations:
        if Organisation.objects.filter(slug=item["slug"]).exists():
            report.add("organisation", "unchanged")
            continue
        organisation = Organisation(
            slug=item["slug"],
            name=item["name"],
            kind=item["kind"],
            website=item.get("website") or "",
            summary=(item.get("summary") or "").strip(),
            units=(item.get("units") or "").strip(),
            region=item.get("region") or "",
            visibility=item.get("visibility", Visibility.PUBLIC),
            note=(item.get("note") or "").strip(),
            **_organisation_verification(item),
        )
        organisation.save()
        organisation.themes.set([themes[slug] for slug in item.get("themes") or []])
        for order, role in enumerate(item.get("roles") or []):
            organisation.roles.add(
                OrganisationRole(
                    theme=themes.get(role.get("theme")) if role.get("theme") else None,
                    role=role["role"].strip(),
                    to_verify=bool(role.get("to_verify", False)),
                    sort_order=order,
                )
            )
        organisation.save()
        _publish(organisation)
        report.add("organisation", "created")

    for item in contacts:
        if item.get("consent_pending"):
            # No contact without recorded consent: wait until an editor records it.
            report.add("contact", "waiting for consent")
            continue
        organisation = Organisation.objects.get(slug=item["organisation"])
        existing = Contact.objects.filter(organisation=organisation)
        existing = existing.filter(email=item["email"]) if item.get("email") else existing.filter(name=item["name"])
        if existing.exists():
            report.add("contact", "unchanged")
            continue
        contact = Contact(
            name=item["name"],
            function=item.get("function") or "",
            organisation=organisation,
            email=item.get("email") or "",
            phone=item.get("phone") or "",
            consent_date=StarterErrors().date(item["consent_date"], ""),
            consent_basis=item["consent_basis"].strip(),
            needs_verification=bool(item.get("to_verify", False)),
            verification_note=(item.get("verification_note") or CONTACT_CHECK if item.get("to_verify") else ""),
        )
        contact.full_clean()
        contact.save()
        contact.themes.set([themes[slug] for slug in item.get("themes") or []])
        contact.save()
        report.add("contact", "created")

    for item in events:
        if Event.objects.filter(slug=item["slug"]).exists():
            report.add("event", "unchanged")
            continue
        event = Event(
            slug=item["slug"],
            title=item["title"],
            kind=item.get("kind", Event.Kind.OTHER),
            description=(item.get("description") or "").strip(),
            start=StarterErrors().local_datetime(item["start"], "", AMSTERDAM),
            end=StarterErrors().local_datetime(item["end"], "", AMSTERDAM),
            location=item.get("location") or "",
            online_url=item.get("online_url") or "",
            audience=item.get("audience") or "",
            organiser=Organisation.objects.filter(slug=item.get("organiser")).first()
            if item.get("organiser")
            else None,
            visibility=item.get("visibility", Visibility.PUBLIC),
            is_example=bool(item.get("is_example", False)),
        )
        event.save()
        event.themes.set([themes[slug] for slug in item.get("themes") or []])
        event.save()
        _publish(event)
        report.add("event", "created")
    return report
