"""The agenda feeds: valid iCalendar that parses back, right times, stable UIDs, access per caller."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from jv.network.models import Event, FeedToken, hash_token
from jv.network.tests.factories import EventFactory, OrganisationFactory, in_days

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar) -> set[str]:
    return {str(component["SUMMARY"]) for component in calendar.walk("VEVENT")}


def by_summary(calendar, summary):
    return next(c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == summary)


@pytest.fixture
def public_event(db):
    start = datetime.datetime(2031, 3, 30, 19, 30, tzinfo=AMSTERDAM)  # just after the switch to summer time
    return EventFactory(
        title="Openbare ouderavond",
        slug="openbare-ouderavond",
        start=start,
        end=start + datetime.timedelta(hours=2),
        location="Raadhuis Barendrecht",
        description="Uitleg over groepsdruk.",
        organiser=OrganisationFactory(name="Gemeente Voorbeeld"),
    )


@pytest.fixture
def members_event(db):
    start = datetime.datetime(2031, 1, 15, 14, 0, tzinfo=AMSTERDAM)  # winter time
    return EventFactory(
        title="Besloten netwerkoverleg",
        slug="besloten-netwerkoverleg",
        start=start,
        end=start + datetime.timedelta(hours=2, minutes=30),
        visibility="members",
        online_url="https://vergadering.example.org/netwerk",
        location="",
    )


def test_public_feed_is_valid_icalendar_with_public_events_only(anon_client, public_event, members_event):
    response = anon_client.get("/agenda.ics")
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Jeugd en Veiligheid" in str(calendar["PRODID"])
    assert "Openbare ouderavond" in summaries(calendar)
    assert "Besloten netwerkoverleg" not in summaries(calendar)
    assert b"vergadering.example.org" not in response.content
    assert not response.cookies
    assert response["Cache-Control"].startswith("public")


def test_times_are_europe_amsterdam_with_a_vtimezone(anon_client, public_event):
    calendar = parse(anon_client.get("/agenda.ics"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = by_summary(calendar, "Openbare ouderavond")
    start = event["DTSTART"].dt
    assert start.tzinfo is not None
    assert start.utcoffset() == datetime.timedelta(hours=2)  # CEST on 30 March 2031
    assert start == public_event.start
    assert event["DTEND"].dt - start == datetime.timedelta(hours=2)
    assert b"DTSTART;TZID=Europe/Amsterdam:20310330T193000" in anon_client.get("/agenda.ics").content


def test_event_fields_and_stable_uid(anon_client, public_event, django_capture_on_commit_callbacks):
    first = by_summary(parse(anon_client.get("/agenda.ics")), "Openbare ouderavond")
    assert str(first["LOCATION"]) == "Raadhuis Barendrecht"
    assert "Uitleg over groepsdruk." in str(first["DESCRIPTION"])
    assert "Gemeente Voorbeeld" in str(first["DESCRIPTION"])
    assert str(first["URL"]) == "http://testserver/agenda/openbare-ouderavond/"
    assert str(first["CLASS"]) == "PUBLIC"
    with django_capture_on_commit_callbacks(execute=True):
        public_event.location = "Het Kruispunt, Barendrecht"  # an edit keeps the UID
        public_event.save()
    second = by_summary(parse(anon_client.get("/agenda.ics")), "Openbare ouderavond")
    assert str(second["UID"]) == str(first["UID"])
    assert str(second["UID"]).startswith(str(public_event.uid))
    assert str(second["LOCATION"]) == "Het Kruispunt, Barendrecht"


def test_example_events_are_labelled_in_the_feed(member_client):
    EventFactory(title="Ouderavond over groepsdruk", start=in_days(20), is_example=True)  # relative to today
    calendar = parse(member_client.get("/agenda.ics"))
    examples = [c for c in calendar.walk("VEVENT") if "Voorbeeld" in str(c["SUMMARY"])]
    assert examples, summaries(calendar)
    for component in examples:
        assert "verzonnen" in str(component["DESCRIPTION"])


def test_signed_in_member_gets_members_only_events_in_the_plain_feed(member_client, members_event):
    response = member_client.get("/agenda.ics")
    calendar = parse(response)
    event = by_summary(calendar, "Besloten netwerkoverleg")
    assert str(event["CLASS"]) == "PRIVATE"
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    assert "vergadering.example.org" in str(event["DESCRIPTION"])
    assert response["Cache-Control"] == "private, no-store"


def test_personal_token_feed_includes_members_only_events_without_a_session(
    anon_client, member, members_event, public_event
):
    row, raw = FeedToken.issue(member)
    assert row.token_hash == hash_token(raw) and raw not in row.token_hash
    response = anon_client.get(f"/agenda/{raw}.ics")
    calendar = parse(response)
    assert {"Besloten netwerkoverleg", "Openbare ouderavond"} <= summaries(calendar)
    assert response["Cache-Control"] == "private, no-store"
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_revoked_unknown_or_malformed_tokens_get_404(anon_client, member, members_event):
    row, raw = FeedToken.issue(member)
    row.revoke()
    assert anon_client.get(f"/agenda/{raw}.ics").status_code == 404
    assert anon_client.get("/agenda/" + "x" * 43 + ".ics").status_code == 404
    for bad in ["'%22%3Cscript%3E", "a" * 5000, "%00abc" * 10, "..%2F..%2Fetc"]:
        assert anon_client.get(f"/agenda/{bad}.ics").status_code == 404


def test_feed_of_a_deactivated_member_stops_working(anon_client, member, members_event):
    _, raw = FeedToken.issue(member)
    member.is_active = False
    member.save()
    assert anon_client.get(f"/agenda/{raw}.ics").status_code == 404


def test_issuing_a_new_token_revokes_the_old_one(member):
    first, first_raw = FeedToken.issue(member)
    second, second_raw = FeedToken.issue(member)
    first.refresh_from_db()
    assert not first.is_active and second.is_active
    assert FeedToken.objects.for_token(first_raw) is None
    assert FeedToken.objects.for_token(second_raw) == second


def test_member_creates_sees_once_and_revokes_the_personal_url(member_client, member, members_event):
    page = member_client.get("/agenda/abonneren/").content.decode()
    assert "Maak mijn persoonlijke agenda-adres" in page
    response = member_client.post("/agenda/abonneren/", {"action": "create"})
    assert response.status_code == 302
    shown = member_client.get("/agenda/abonneren/").content.decode()
    token = FeedToken.objects.get(user=member, revoked_at__isnull=True)
    import re

    url = re.search(r'value="(http://testserver/agenda/[A-Za-z0-9_-]+\.ics)"', shown).group(1)
    assert hash_token(url.rsplit("/", 1)[1][:-4]) == token.token_hash
    assert url not in member_client.get("/agenda/abonneren/").content.decode()  # shown only once
    assert "Besloten netwerkoverleg" in summaries(parse(member_client.get(url.replace("http://testserver", ""))))
    member_client.post("/agenda/abonneren/", {"action": "revoke"})
    assert member_client.get(url.replace("http://testserver", "")).status_code == 404


def test_anonymous_cannot_create_tokens_and_sees_no_form(anon_client):
    page = anon_client.get("/agenda/abonneren/")
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies
    assert "http://testserver/agenda.ics" in page.content.decode()
    assert anon_client.post("/agenda/abonneren/", {"action": "create"}).status_code in (403, 404)
    assert not FeedToken.objects.exists()


def test_unknown_subscribe_action_is_a_clear_400(member_client):
    response = member_client.post("/agenda/abonneren/", {"action": "\x00<script>"})
    assert response.status_code == 400
    assert "Onbekende actie" in response.content.decode()


def test_single_event_ics_respects_visibility(anon_client, member_client, members_event, public_event):
    assert anon_client.get("/agenda/besloten-netwerkoverleg/kalender.ics").status_code == 404
    calendar = parse(member_client.get("/agenda/besloten-netwerkoverleg/kalender.ics"))
    assert summaries(calendar) == {"Besloten netwerkoverleg"}
    calendar = parse(anon_client.get("/agenda/openbare-ouderavond/kalender.ics"))
    assert summaries(calendar) == {"Openbare ouderavond"}


def test_unpublished_event_is_in_no_feed(anon_client, member_client, public_event):
    public_event.live = False
    public_event.save()
    for client in (anon_client, member_client):
        assert "Openbare ouderavond" not in summaries(parse(client.get("/agenda.ics")))
        assert client.get("/agenda/openbare-ouderavond/").status_code == 404


def test_feed_leaves_out_events_older_than_a_year(anon_client):
    old = timezone.now() - datetime.timedelta(days=400)
    EventFactory(title="Heel oude bijeenkomst", start=old, end=old + datetime.timedelta(hours=1))
    assert "Heel oude bijeenkomst" not in summaries(parse(anon_client.get("/agenda.ics")))
    assert Event.objects.filter(title="Heel oude bijeenkomst").exists()


def test_members_only_organiser_is_not_named_to_anonymous_callers(anon_client, member_client):
    from jv.core import searchable

    hidden = OrganisationFactory(name="Verborgen Organisator", visibility="members")
    event = EventFactory(title="Openbaar met besloten organisator", organiser=hidden)
    anon = by_summary(parse(anon_client.get("/agenda.ics")), "Openbaar met besloten organisator")
    assert "Verborgen Organisator" not in str(anon["DESCRIPTION"])
    assert b"Verborgen Organisator" not in anon_client.get(event.get_url()).content
    assert "Verborgen Organisator" not in searchable.REGISTRY["event"].to_document(event).body
    member = by_summary(parse(member_client.get("/agenda.ics")), "Openbaar met besloten organisator")
    assert "Verborgen Organisator" in str(member["DESCRIPTION"])


def test_feed_is_cached_per_access_level_until_content_changes(
    anon_client, member_client, public_event, members_event, monkeypatch, django_capture_on_commit_callbacks
):
    from jv.network import ical

    calls = []
    real = ical.build_calendar
    monkeypatch.setattr(ical, "build_calendar", lambda *args: calls.append(1) or real(*args))
    first = anon_client.get("/agenda.ics").content
    assert anon_client.get("/agenda.ics").content == first
    assert len(calls) == 1
    assert "Besloten netwerkoverleg" in summaries(parse(member_client.get("/agenda.ics")))  # own cache entry
    assert len(calls) == 2
    with django_capture_on_commit_callbacks(execute=True):
        public_event.title = "Openbare ouderavond (verplaatst)"
        public_event.save()
    assert "Openbare ouderavond (verplaatst)" in summaries(parse(anon_client.get("/agenda.ics")))
    assert len(calls) == 3
