"""The members' form to ask the VAR a question: reaches the editors, refuses personal data."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from jv.region.forms import looks_like_birth_date, looks_like_bsn, passes_elfproef
from jv.region.models import VarQuestion

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"  # passes the elfproef (a well-known test number)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.VAR_QUESTION_EMAIL = ["redactie@example.org"]
    settings.VAR_QUESTION_PER_HOUR = 3
    cache.clear()
    yield
    cache.clear()


def post(client, **fields):
    data = {
        "subject": "Voorbeeldconvenant schoolveiligheid",
        "question": "Is er een voorbeeldconvenant voor scholen in het voortgezet onderwijs?",
        "no_personal_data": "on",
    }
    data.update(fields)
    return client.post("/contact-var/", data)


def test_elfproef():
    assert passes_elfproef(VALID_BSN)
    assert passes_elfproef("123456782")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bsn 111222333 van de jongere", True),
        ("BSN: 111.222.333", True),
        ("nummer 1112 22 333", True),
        ("bel 010 123 4567", False),  # ten digits, no BSN
        ("ordernummer 123456789", False),  # nine digits that fail the elfproef
        ("in 2023 waren er 17500 verdachten", False),
    ],
)
def test_bsn_detection(text, expected):
    assert looks_like_bsn(text) is expected


def test_birth_date_detection_uses_dates_relative_to_today():
    today = datetime.date(2030, 6, 15)
    assert looks_like_birth_date("hij is van 3-4-2015", today)
    assert looks_like_birth_date("geboren 2 maart 2012", today)
    assert looks_like_birth_date("geb. 12/05/1980", today)  # next to a birth word, any year
    assert looks_like_birth_date("2014-11-30", today)
    assert not looks_like_birth_date("het convenant van 1 maart 1990", today)
    assert not looks_like_birth_date("bijeenkomst op 3-4-2031", today)  # future
    assert not looks_like_birth_date("jongeren van 12 tot 17 jaar", today)


def test_anonymous_visitor_sees_the_public_contact_route_and_cannot_post(anon_client):
    page = anon_client.get("/contact-var/").content.decode()
    assert "https://veiligheidsalliantie.nl/" in page and "Log in om een vraag te stellen" in page
    assert "<textarea" not in page
    response = post(anon_client)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert VarQuestion.objects.count() == 0 and mail.outbox == []


def test_member_question_reaches_the_editors_by_mail_and_inbox(member_client, member):
    page = member_client.get("/contact-var/").content.decode()
    assert "Vul nooit gegevens van een jongere in" in page
    response = post(member_client, theme="school-en-veiligheid")
    assert response.status_code == 302 and response["Location"] == "/contact-var/verzonden/"
    question = VarQuestion.objects.get()
    assert question.asked_by == member and question.reply_to == member.email and question.mailed
    assert question.theme == "School en veiligheid"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redactie@example.org"] and "voorbeeldconvenant" in message.body.lower()
    assert f"/admin/snippets/region/varquestion/edit/{question.pk}/" in message.body
    assert "Vraag verstuurd" in member_client.get("/contact-var/verzonden/").content.decode()


def test_without_a_configured_address_the_question_waits_in_the_admin_inbox(member_client, settings, editor_client):
    settings.VAR_QUESTION_EMAIL = []
    post(member_client)
    question = VarQuestion.objects.get()
    assert not question.mailed and mail.outbox == []
    listing = editor_client.get("/admin/snippets/region/varquestion/")
    assert listing.status_code == 200 and "Voorbeeldconvenant schoolveiligheid" in listing.content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("question", "Het gaat om BSN 111222333, wat moet ik doen?", "burgerservicenummer"),
        ("subject", "Jongere 111.222.333", "burgerservicenummer"),
        ("question", "Een jongen, geboren op 4 juli 2011, zit vaak op straat.", "geboortedatum"),
    ],
)
def test_personal_data_is_refused_with_a_dutch_error_and_nothing_is_stored_or_sent(
    member_client, field, value, message
):
    response = post(member_client, **{field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Je vraag is niet verstuurd" in body
    assert VarQuestion.objects.count() == 0 and mail.outbox == []


def test_a_recent_full_date_is_refused_as_a_possible_date_of_birth(member_client):
    recent = timezone.localdate() - datetime.timedelta(days=365 * 14)
    response = post(member_client, question=f"Het meisje van {recent:%d-%m-%Y} is weggelopen.")
    assert response.status_code == 400 and "geboortedatum" in response.content.decode()
    assert VarQuestion.objects.count() == 0


def test_the_no_personal_data_box_must_be_ticked(member_client):
    response = post(member_client, no_personal_data="")
    assert response.status_code == 400 and VarQuestion.objects.count() == 0


def test_questions_are_throttled_per_member(member_client):
    for _ in range(3):
        assert post(member_client).status_code == 302
    response = post(member_client)
    assert response.status_code == 429
    assert "Te veel vragen" in response.content.decode()
    assert VarQuestion.objects.count() == 3 and len(mail.outbox) == 3


def test_old_questions_are_deleted_after_the_retention_period(member_client, settings):
    settings.VAR_QUESTION_RETENTION_DAYS = 30
    old = VarQuestion.objects.create(subject="Oud", question="Oude vraag")
    VarQuestion.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    post(member_client)
    assert list(VarQuestion.objects.values_list("subject", flat=True)) == ["Voorbeeldconvenant schoolveiligheid"]
