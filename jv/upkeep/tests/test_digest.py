"""The weekly review digest: one e-mail per owner, idempotent per ISO week, cron-friendly exit codes."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from jv.dossier.models import Resource
from jv.upkeep.models import LinkOccurrence, LinkStatus, ReviewDigest
from jv.upkeep.tests.factories import EditorFactory, ResourceFactory

MONDAY = "2026-11-30"  # ISO week 2026-W49


@pytest.fixture
def owners(db):
    Resource.objects.update(last_reviewed=datetime.date(2026, 11, 28), needs_verification=False)
    anna = EditorFactory(username="anna", email="anna@example.org", first_name="Anna", last_name="de Vries")
    bram = EditorFactory(username="bram", email="bram@example.org", first_name="Bram", last_name="Jansen")
    ResourceFactory(title="Folder van Anna", review_owner=anna, last_reviewed=datetime.date(2025, 6, 1))
    ResourceFactory(title="Website van Anna", review_owner=anna, last_reviewed=datetime.date(2025, 12, 20))
    ResourceFactory(title="Netjes bijgehouden", review_owner=anna, last_reviewed=datetime.date(2026, 11, 1))
    ResourceFactory(title="Tool van Bram", review_owner=bram, last_reviewed=None)
    ResourceFactory(title="Zonder eigenaar", last_reviewed=datetime.date(2020, 1, 1))
    return anna, bram


def digest(*args):
    call_command("send_review_digest", "--date", MONDAY, *args, verbosity=0)


def test_each_owner_gets_one_mail_with_only_their_items(owners):
    digest()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"anna@example.org", "bram@example.org"}
    anna = by_address["anna@example.org"]
    assert "Folder van Anna" in anna.body and "Website van Anna" in anna.body
    assert "te laat sinds 1 juni 2026" in anna.body and "gepland op 20 december 2026" in anna.body
    assert "Netjes bijgehouden" not in anna.body and "Tool van Bram" not in anna.body
    assert "Zonder eigenaar" not in anna.body
    assert "Beste Anna de Vries" in anna.body
    assert "http://127.0.0.1:8000/admin/snippets/dossier/resource/edit/" in anna.body
    assert "week 49" in anna.subject and "2 items" in anna.subject
    html = anna.alternatives[0][0]
    assert '<html lang="nl">' in html and "Folder van Anna</a>" in html
    assert "nooit gecontroleerd" in by_address["bram@example.org"].body


def test_a_second_run_in_the_same_week_sends_nothing(owners):
    digest()
    assert len(mail.outbox) == 2
    digest()
    call_command("send_review_digest", "--date", "2026-12-06", verbosity=0)  # Sunday, same ISO week
    assert len(mail.outbox) == 2
    assert ReviewDigest.objects.filter(iso_year=2026, iso_week=49).count() == 2
    call_command("send_review_digest", "--date", "2026-12-07", verbosity=0)  # next week
    assert len(mail.outbox) == 4


def test_iso_weeks_cross_the_year_boundary(owners):
    call_command("send_review_digest", "--date", "2026-12-31", verbosity=0)  # 2026-W53
    call_command("send_review_digest", "--date", "2027-01-03", verbosity=0)  # still 2026-W53
    assert len(mail.outbox) == 2
    assert set(ReviewDigest.objects.values_list("iso_year", "iso_week")) == {(2026, 53)}


def test_dry_run_sends_and_records_nothing(owners, capsys):
    digest("--dry-run")
    assert mail.outbox == [] and not ReviewDigest.objects.exists()


def test_nothing_due_means_no_mail(db):
    Resource.objects.update(last_reviewed=datetime.date(2026, 11, 28), needs_verification=False)
    owner = EditorFactory()
    ResourceFactory(review_owner=owner, last_reviewed=datetime.date(2026, 11, 1))
    digest()
    assert mail.outbox == []


def test_owners_without_address_or_inactive_are_skipped(owners):
    anna, bram = owners
    anna.email = ""
    anna.save()
    bram.is_active = False
    bram.save()
    digest()
    assert mail.outbox == []


@override_settings(UPKEEP_DIGEST_UNASSIGNED_TO=["redactie@example.org", "backup@example.org"])
def test_items_without_owner_go_to_the_configured_addresses(owners):
    digest()
    unassigned = next(m for m in mail.outbox if "redactie@example.org" in m.to)
    assert unassigned.to == ["redactie@example.org", "backup@example.org"]
    assert "Zonder eigenaar" in unassigned.body and "Folder van Anna" not in unassigned.body
    assert "Beste redacteur" in unassigned.body


def test_unverified_items_and_broken_links_of_the_owner_are_included(owners):
    anna, _bram = owners
    resource = ResourceFactory(
        title="Twijfelachtige bron",
        review_owner=anna,
        needs_verification=True,
        verification_note="Wie de maker is",
        last_reviewed=datetime.date(2026, 11, 1),
    )
    status = LinkStatus.objects.create(
        url="https://example.org/weg", outcome=LinkStatus.Outcome.BROKEN, status_code=404, error="HTTP 404"
    )
    from django.contrib.contenttypes.models import ContentType

    LinkOccurrence.objects.create(
        link=status, content_type=ContentType.objects.get_for_model(Resource), object_id=str(resource.pk), field="url"
    )
    digest()
    body = next(m for m in mail.outbox if m.to == ["anna@example.org"]).body
    assert "Te controleren" in body and "Twijfelachtige bron (Bron): Wie de maker is" in body
    assert "Kapotte links" in body and "https://example.org/weg (HTTP 404)" in body


class BrokenBackend:
    """An e-mail backend whose SMTP server refuses one address."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            if "bram@example.org" in message.to:
                raise smtplib.SMTPRecipientsRefused({"bram@example.org": (550, b"nee")})
            mail.outbox.append(message)
        return len(messages)


def test_a_failed_send_exits_1_and_is_retried_by_the_next_run(owners, settings):
    settings.EMAIL_BACKEND = "jv.upkeep.tests.test_digest.BrokenBackend"
    with pytest.raises(CommandError) as raised:
        digest()
    assert raised.value.returncode == 1
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert list(ReviewDigest.objects.values_list("email", flat=True)) == ["anna@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    digest()
    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["bram@example.org"]]


@pytest.mark.parametrize("bad", ["gisteren", "2026-13-01", "2026-02-30", "\x00", "9" * 30])
def test_a_bad_date_exits_2_with_a_dutch_message(db, bad):
    with pytest.raises(CommandError) as raised:
        call_command("send_review_digest", "--date", bad)
    assert raised.value.returncode == 2
    assert "Ongeldige datum" in str(raised.value)


def test_the_command_output_is_a_dutch_summary(owners, capsys):
    call_command("send_review_digest", "--date", MONDAY)
    out = capsys.readouterr().out
    assert "verstuurd: anna@example.org (2 items)" in out
    assert "Week 2026-W49: 2 verstuurd, 0 al eerder verstuurd, 0 mislukt." in out
