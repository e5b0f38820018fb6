"""Upkeep covers every module, not only the dossier: interventions, guides, the network (organisations,
contact persons, events) and the monitor. Review schedule, "te controleren", link checker,
"Wat is er nieuw" and (in jv/backup/tests/test_backup.py) backup and restore."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from jv.core.visibility import Visibility
from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.guides.models import Guide
from jv.guides.tests.factories import GuideFactory
from jv.interventions.models import Factor, Intervention, QualityWarning
from jv.interventions.tests.factories import InterventionFactory
from jv.monitor.models import Area, ContextFigure, Figure, ImportRecord, Indicator
from jv.network.models import Contact, Event, Organisation, OrganisationRole
from jv.network.tests.factories import ContactFactory, EventFactory, OrganisationFactory
from jv.region.models import Agreement, Gemeente
from jv.upkeep import linkcheck, registry, review, verification
from jv.upkeep.models import ChangeEntry, LinkOccurrence, LinkStatus
from jv.upkeep.tests.factories import EditorFactory, publish
from jv.upkeep.tests.servers import http_server
from jv.upkeep.tests.test_changes import atom_entries, entries_for
from jv.upkeep.tests.test_linkcheck import FAST_SETTINGS

MONDAY = "2026-11-30"
LONG_AGO = datetime.date(2024, 1, 1)


def edit_url(obj):
    return f"/admin/snippets/{obj._meta.app_label}/{obj._meta.model_name}/edit/{obj.pk}/"


# ---------------------------------------------------------------------------- registry


def test_every_module_is_registered_with_the_features_its_models_need():
    specs = {spec.model: spec for spec in registry.all_specs()}
    for model in (Intervention, Guide, Organisation):
        assert specs[model].reviewable and specs[model].verifiable and specs[model].tracks_changes, model
        assert specs[model].themes is not None, model
    assert specs[Contact].reviewable and specs[Contact].verifiable
    assert not specs[Contact].tracks_changes and specs[Contact].interval_months() == 6
    assert specs[Factor].verifiable and not specs[Factor].tracks_changes
    assert not specs[Event].tracks_changes and not specs[ContextFigure].tracks_changes
    assert set(specs[Intervention].url_fields) == {"source_url", "link"}
    assert specs[Organisation].url_fields == ("website",)
    exported = {e.model for e in registry.exportables()}
    assert {
        Intervention,
        Factor,
        QualityWarning,
        Guide,
        Organisation,
        OrganisationRole,
        Contact,
        Event,
        Area,
        Indicator,
        ImportRecord,
        Figure,
        ContextFigure,
    } <= exported


# ---------------------------------------------------------------------------- review schedule


@pytest.fixture
def overdue(db):
    """One overdue item of each reviewable module type, all owned by Anna; the rest recently reviewed."""
    anna = EditorFactory(username="anna", email="anna@example.org", first_name="Anna", last_name="de Vries")
    recent = datetime.date(2026, 11, 28)
    contact = ContactFactory(organisation=Organisation.objects.get(slug="var"))
    for model in (Resource, Intervention, Guide, Organisation, Contact, ThemePage, IntroPage, Gemeente, Agreement):
        model.objects.update(last_reviewed=recent)
    intervention = Intervention.objects.get(slug="multisysteemtherapie")
    guide = Guide.objects.get(slug="7-stappenmodel-groepsaanpak")
    organisation = Organisation.objects.get(slug="enver")
    for obj in (intervention, guide, organisation, contact):
        type(obj).objects.filter(pk=obj.pk).update(last_reviewed=LONG_AGO, review_owner=anna)
    return anna, intervention, guide, organisation, contact


def test_overdue_items_of_every_module_are_on_the_dashboard(overdue, editor_client):
    _anna, intervention, guide, organisation, contact = overdue
    page = editor_client.get("/admin/onderhoud/").content.decode()
    section = page[page.index('id="controle"') : page.index('id="binnenkort"')]
    assert intervention.name in section and edit_url(intervention) in section
    assert guide.title in section and edit_url(guide) in section
    assert organisation.name in section and edit_url(organisation) in section
    assert contact.name in section and edit_url(contact) in section
    labels = {item.obj: item for item in review.review_items(on=datetime.date(2026, 11, 30))}
    assert {intervention, guide, organisation, contact} <= set(labels)


def test_overdue_items_of_every_module_are_in_the_owners_digest(overdue):
    _anna, intervention, guide, organisation, contact = overdue
    call_command("send_review_digest", "--date", MONDAY, verbosity=0)
    (message,) = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    for text in (intervention.name, guide.title, organisation.name, contact.name):
        assert text in message.body
    assert f"http://127.0.0.1:8000{edit_url(intervention)}" in message.body
    assert f"http://127.0.0.1:8000{edit_url(organisation)}" in message.body


def test_a_contact_is_due_after_six_months_an_organisation_after_twelve(db):
    contact = ContactFactory(last_reviewed=datetime.date(2026, 1, 1))
    organisation = contact.organisation
    Organisation.objects.filter(pk=organisation.pk).update(last_reviewed=datetime.date(2026, 1, 1))
    organisation.refresh_from_db()
    assert contact.review_due_date() == datetime.date(2026, 7, 1)
    assert organisation.review_due_date() == datetime.date(2027, 1, 1)


def test_visitors_see_when_an_intervention_guide_and_organisation_was_last_reviewed(db, anon_client):
    Intervention.objects.filter(slug="multisysteemtherapie").update(last_reviewed=datetime.date(2026, 3, 2))
    Guide.objects.filter(slug="7-stappenmodel-groepsaanpak").update(last_reviewed=datetime.date(2026, 3, 3))
    Organisation.objects.filter(slug="enver").update(last_reviewed=datetime.date(2026, 3, 4))
    for url, date in (
        ("/interventies/multisysteemtherapie/", "2 maart 2026"),
        ("/routekaarten/7-stappenmodel-groepsaanpak/", "3 maart 2026"),
        (Organisation.objects.get(slug="enver").get_url(), "4 maart 2026"),
    ):
        page = anon_client.get(url).content.decode()
        assert f"Laatst gecontroleerd op {date}" in page, url


# ---------------------------------------------------------------------------- te controleren


def test_unverified_starter_items_of_every_module_are_listed(db, editor_client):
    # No starter contact is loaded without recorded consent; an unconfirmed contact is added here.
    ContactFactory(
        organisation=Organisation.objects.get(slug="var"),
        needs_verification=True,
        verification_note="Telefoonnummer nagaan bij de contactpersoon.",
    )
    page = editor_client.get("/admin/onderhoud/").content.decode()
    section = page[page.index('id="te-controleren"') :]
    flagged = {
        Intervention: Intervention.objects.filter(needs_verification=True),
        Factor: Factor.objects.filter(needs_verification=True),
        Guide: Guide.objects.filter(needs_verification=True),
        Organisation: Organisation.objects.filter(needs_verification=True),
        Contact: Contact.objects.filter(needs_verification=True),
    }
    for model, queryset in flagged.items():
        assert queryset.exists(), model
        for obj in queryset:
            assert edit_url(obj) in section, obj
            assert obj.verification_note.strip(), obj
    # The note says what to check, straight from the starter files.
    tools4u = Intervention.objects.get(slug="tools4u")
    assert tools4u.needs_verification and "Datum van het oordeel" in tools4u.verification_note
    assert tools4u.verification_note in section


def test_confirming_an_intervention_records_who_and_when_and_the_loader_does_not_undo_it(db, editor_client, editor):
    from jv.interventions.starter import load_interventions

    mst = Intervention.objects.get(slug="tools4u")
    assert mst.needs_verification
    ct = ContentType.objects.get_for_model(Intervention).pk
    response = editor_client.post(f"/admin/onderhoud/bevestigen/{ct}/{mst.pk}/")
    assert response.status_code == 302
    mst.refresh_from_db()
    assert not mst.needs_verification and mst.verified_by == editor and mst.verified_at is not None
    load_interventions(update=True)
    mst.refresh_from_db()
    assert not mst.needs_verification
    assert mst.pk not in {i.obj.pk for i in verification.open_items() if isinstance(i.obj, Intervention)}


# ---------------------------------------------------------------------------- link checker


@override_settings(**FAST_SETTINGS)
def test_check_links_collects_and_checks_the_addresses_of_every_module(db, monkeypatch):
    # No internet here: keep only addresses on the local test server.
    specs = [
        registry.spec_for(m) for m in (Intervention, Factor, QualityWarning, Guide, Organisation, Event, ContextFigure)
    ]
    monkeypatch.setattr(linkcheck.registry, "link_specs", lambda: specs)
    Intervention.objects.update(source_url="", link="")
    Factor.objects.update(source_url="")
    QualityWarning.objects.update(source_url="")
    Organisation.objects.update(website="")
    Event.objects.update(online_url="")
    ContextFigure.objects.update(source_url="")
    Guide.objects.all().delete()
    with http_server() as (base, _rec):
        intervention = InterventionFactory(source_url=f"{base}/ok", link=f"{base}/missing")
        guide = GuideFactory(
            sources=[
                {"type": "source", "value": {"title": "Bron", "url": f"{base}/moved", "publisher": "", "date": ""}}
            ]
        )
        organisation = OrganisationFactory(website=f"{base}/error")
        event = EventFactory(online_url=f"{base}/ok?event")
        Factor.objects.filter(slug=Factor.objects.first().slug).update(source_url=f"{base}/ok?factor")
        call_command("check_links", verbosity=0)

    def occurrence(obj, url):
        return LinkOccurrence.objects.get(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), link__url=url
        )

    assert occurrence(intervention, f"{base}/ok").field == "source_url"
    assert occurrence(intervention, f"{base}/missing").field == "link"
    assert occurrence(guide, f"{base}/moved").field == "sources"
    assert occurrence(organisation, f"{base}/error").field == "website"
    assert occurrence(event, f"{base}/ok?event").field == "online_url"
    outcome = dict(LinkStatus.objects.values_list("url", "outcome"))
    assert outcome[f"{base}/ok"] == LinkStatus.Outcome.OK
    assert outcome[f"{base}/missing"] == LinkStatus.Outcome.BROKEN
    assert outcome[f"{base}/moved"] == LinkStatus.Outcome.REDIRECT
    assert outcome[f"{base}/error"] == LinkStatus.Outcome.BROKEN
    assert outcome[f"{base}/ok?factor"] == LinkStatus.Outcome.OK
    # The results show in the item's edit form.
    statuses = {url: status for _field, url, status in linkcheck.statuses_for(intervention)}
    assert statuses[f"{base}/missing"].outcome == LinkStatus.Outcome.BROKEN


def test_the_starter_addresses_of_the_modules_are_collected(db):
    found = linkcheck.collect()
    by_type = {}
    for _url, places in found.items():
        for ct_id, _object_id, field in places:
            by_type.setdefault(ContentType.objects.get_for_id(ct_id).model_class(), set()).add(field)
    assert {"source_url"} <= by_type[Intervention]
    assert "website" in by_type[Organisation]
    assert "sources" in by_type[Guide]
    assert "source_url" in by_type[Factor]
    assert Contact not in by_type  # e-mail addresses of people are not links to check


# ---------------------------------------------------------------------------- Wat is er nieuw


def _publish_new(factory, note, visibility=Visibility.PUBLIC, **fields):
    obj = factory(live=False, visibility=visibility, **fields)
    obj.change_note = note
    return publish(obj)


@pytest.mark.parametrize(
    "factory,title_field",
    [(InterventionFactory, "name"), (GuideFactory, "title"), (OrganisationFactory, "name")],
    ids=["intervention", "guide", "organisation"],
)
def test_publishing_with_a_change_note_shows_on_nieuw_for_visitors_only_when_public(
    db, anon_client, member_client, factory, title_field
):
    lvb = ThemePage.objects.get(slug="lvb")
    public = _publish_new(factory, "Nieuw in de wegwijzer", themes=[lvb])
    secret = _publish_new(factory, "Alleen voor leden toegevoegd", visibility=Visibility.MEMBERS, themes=[lvb])
    assert entries_for(public).get().kind == ChangeEntry.Kind.ADDED
    assert entries_for(public).get().note == "Nieuw in de wegwijzer"
    public.refresh_from_db()
    assert public.change_note == ""  # cleared after publishing
    public_title, secret_title = getattr(public, title_field), getattr(secret, title_field)

    anon_page = anon_client.get("/nieuw/").content.decode()
    assert public_title in anon_page and "Nieuw in de wegwijzer" in anon_page
    assert secret_title not in anon_page and "Alleen voor leden toegevoegd" not in anon_page
    titles = [e["title"] for e in atom_entries(anon_client)]
    assert any(public_title in t for t in titles) and not any(secret_title in t for t in titles)
    themed = anon_client.get("/nieuw/?thema=lvb").content.decode()
    assert public_title in themed
    assert public_title not in anon_client.get("/nieuw/?thema=wapens-en-jongeren").content.decode()

    member_page = member_client.get("/nieuw/").content.decode()
    assert public_title in member_page and secret_title in member_page

    # Later withdrawn from the public: gone from the anonymous feed at once.
    publish(public, visibility=Visibility.MEMBERS, change_is_minor=True)
    assert public_title not in anon_client.get("/nieuw/").content.decode()


def test_a_contact_person_never_appears_in_nieuw(db, anon_client, member_client, editor_client):
    contact = ContactFactory(name="Petra Geheimhouding")
    contact.function = "Teamleider jeugd"
    contact.save()
    assert not entries_for(contact).exists()
    # Also not when edited through the admin.
    Contact.objects.filter(pk=contact.pk).update(needs_verification=True, verification_note="Nagaan")
    contact.refresh_from_db()
    contact.name = "Petra Geheimhouding-Jansen"
    contact.save()
    assert not entries_for(contact).exists()
    for client in (anon_client, member_client):
        assert "Petra" not in client.get("/nieuw/").content.decode()
        assert "Petra" not in client.get("/nieuw/feed.atom").content.decode()


def test_an_event_is_not_announced(db):
    event = EventFactory(live=False)
    publish(event)
    assert not entries_for(event).exists()


def test_loading_the_module_starter_content_announces_nothing(db):
    from jv.guides.starter import load_guides
    from jv.interventions.starter import load_interventions
    from jv.network.starter import load_network_starter

    Guide.objects.filter(slug="7-stappenmodel-groepsaanpak").delete()
    Intervention.objects.filter(slug="multisysteemtherapie").delete()
    Contact.objects.all().delete()
    Organisation.objects.filter(slug="enver").delete()
    load_guides()
    load_interventions()
    load_network_starter()
    assert Guide.objects.filter(slug="7-stappenmodel-groepsaanpak").exists()
    assert Organisation.objects.filter(slug="enver").exists()
    assert ChangeEntry.objects.count() == 0
