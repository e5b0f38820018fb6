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
from django.core.exceptions import ValidationError
from django.db import transaction

from jv.core.visibility import Visibility
from jv.dossier.models import ThemePage
from jv.dossier.starter import LoadReport, read_yaml
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


def _local_datetime(value, where: str, errors: list) -> datetime.datetime | None:
    try:
        parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors.append(f"{where}: ongeldige datum/tijd '{value}' (verwacht JJJJ-MM-DDTUU:MM)")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=AMSTERDAM)
    return parsed


def _date(value, where: str, errors: list) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors.append(f"{where}: ongeldige datum '{value}' (verwacht JJJJ-MM-DD)")
        return None


def validate(organisations: list, contacts: list, events: list, theme_slugs: set[str]) -> None:
    errors: list[str] = []
    kinds = set(Organisation.Kind.values)
    seen = set()
    known_orgs = set(Organisation.objects.values_list("slug", flat=True))
    for i, item in enumerate(organisations, start=1):
        where = f"organisations.yaml item {i} ({item.get('slug', '?')})"
        for key in ("slug", "name", "kind"):
            if not item.get(key):
                errors.append(f"{where}: '{key}' ontbreekt")
        if item.get("slug") in seen:
            errors.append(f"{where}: slug komt dubbel voor")
        seen.add(item.get("slug"))
        if item.get("kind") not in kinds:
            errors.append(f"{where}: onbekende soort '{item.get('kind')}'")
        if item.get("visibility", Visibility.PUBLIC) not in Visibility.values:
            errors.append(f"{where}: onbekende zichtbaarheid '{item.get('visibility')}'")
        for slug in item.get("themes") or []:
            if slug not in theme_slugs:
                errors.append(f"{where}: onbekend thema '{slug}'")
        for role in item.get("roles") or []:
            if not role.get("role"):
                errors.append(f"{where}: rol zonder tekst")
            if role.get("theme") and role["theme"] not in theme_slugs:
                errors.append(f"{where}: rol bij onbekend thema '{role['theme']}'")
    org_slugs = seen | known_orgs
    for i, item in enumerate(contacts, start=1):
        where = f"contacts.yaml item {i} ({item.get('key', '?')})"
        if item.get("consent_pending"):
            if item.get("consent_date"):
                errors.append(
                    f"{where}: toestemming nog niet vastgelegd (consent_pending) maar wel een toestemmingsdatum"
                )
            continue
        for key in ("name", "organisation", "consent_date", "consent_basis"):
            if not item.get(key):
                errors.append(f"{where}: '{key}' ontbreekt (geen contact zonder vastgelegde toestemming)")
        if item.get("organisation") and item["organisation"] not in org_slugs:
            errors.append(f"{where}: onbekende organisatie '{item['organisation']}'")
        if not item.get("email") and not item.get("phone"):
            errors.append(f"{where}: e-mailadres of telefoonnummer ontbreekt")
        if item.get("consent_date"):
            consent = _date(item["consent_date"], where, errors)
            if consent and consent > datetime.date.today():
                errors.append(f"{where}: toestemmingsdatum ligt in de toekomst")
        for slug in item.get("themes") or []:
            if slug not in theme_slugs:
                errors.append(f"{where}: onbekend thema '{slug}'")
    event_kinds = set(Event.Kind.values)
    seen_events = set()
    for i, item in enumerate(events, start=1):
        where = f"events.yaml item {i} ({item.get('slug', '?')})"
        for key in ("slug", "title", "start", "end"):
            if not item.get(key):
                errors.append(f"{where}: '{key}' ontbreekt")
        if item.get("slug") in seen_events:
            errors.append(f"{where}: slug komt dubbel voor")
        seen_events.add(item.get("slug"))
        if item.get("kind", "other") not in event_kinds:
            errors.append(f"{where}: onbekende soort '{item.get('kind')}'")
        if item.get("visibility", Visibility.PUBLIC) not in Visibility.values:
            errors.append(f"{where}: onbekende zichtbaarheid '{item.get('visibility')}'")
        if not item.get("location") and not item.get("online_url"):
            errors.append(f"{where}: plaats of online link ontbreekt")
        start = _local_datetime(item.get("start"), where, errors) if item.get("start") else None
        end = _local_datetime(item.get("end"), where, errors) if item.get("end") else None
        if start and end and end < start:
            errors.append(f"{where}: einde ligt voor het begin")
        if item.get("organiser") and item["organiser"] not in org_slugs:
            errors.append(f"{where}: onbekende organisator '{item['organiser']}'")
        for slug in item.get("themes") or []:
            if slug not in theme_slugs:
                errors.append(f"{where}: onbekend thema '{slug}'")
    if errors:
        raise ValidationError(errors)


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
            consent_date=_date(item["consent_date"], "", []),
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
            start=_local_datetime(item["start"], "", []),
            end=_local_datetime(item["end"], "", []),
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
