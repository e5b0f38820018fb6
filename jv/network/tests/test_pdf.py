"""The introductiedossier PDF: content per access level, structure, tags, links and caching."""

import re

import pytest

from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.network import pdf as pdf_module
from jv.network.models import Event
from jv.network.tests import pdfutil

MEMBERS_ONLY_RESOURCE = "Voorbeeldconvenant Nissewaard"
MEMBERS_ONLY_EVENT = "Netwerkbijeenkomst Jeugd en Veiligheid"


@pytest.fixture(scope="module")
def anon_pdf(django_db_setup, django_db_blocker):
    """The public dossier of the starter content, generated once for the read-only tests below."""
    from django.core.cache import cache
    from django.test import Client

    with django_db_blocker.unblock():
        cache.clear()
        response = Client().get("/dossier.pdf")
        cache.clear()
    assert response.status_code == 200
    return response


def test_public_dossier_pdf_holds_every_section_theme_offer_and_role(db, anon_pdf):
    assert anon_pdf["Content-Type"] == "application/pdf"
    assert anon_pdf["Content-Disposition"].startswith(
        'attachment; filename="introductiedossier-jeugd-en-veiligheid.pdf"'
    )
    assert not anon_pdf.cookies
    assert "Cookie" not in anon_pdf.get("Set-Cookie", "")
    text = pdfutil.text(anon_pdf.content)
    squeezed = pdfutil.squeezed(anon_pdf.content)
    assert "Introductiedossier Jeugd en Veiligheid" in text
    assert "Inhoud" in text
    for page in IntroPage.objects.live():
        assert re.sub(r"\s+", "", page.title) in squeezed, page.title
    for theme in ThemePage.objects.live():
        assert re.sub(r"\s+", "", theme.title) in squeezed, theme.title
    for resource in Resource.objects.filter(visibility="public", live=True, themes__isnull=False).distinct():
        assert re.sub(r"\s+", "", resource.title) in squeezed, resource.title
    assert "Wiedoetwat" in squeezed  # roles per theme
    assert "Politie,eenheidRotterdam" in squeezed
    assert "Gegenereerdop" in squeezed
    assert "Openbareversie" in squeezed


def test_public_dossier_pdf_has_no_members_only_item(db, anon_pdf):
    squeezed = pdfutil.squeezed(anon_pdf.content)
    for resource in Resource.objects.filter(visibility="members"):
        assert re.sub(r"\s+", "", resource.title) not in squeezed, resource.title
        if resource.url:
            assert resource.url not in pdfutil.links(anon_pdf.content)
    for event in Event.objects.filter(visibility="members"):
        assert re.sub(r"\s+", "", event.title) not in squeezed
    assert "i.willems3@rotterdam.nl" not in squeezed
    assert "Contactpersonen" not in squeezed


def test_pdf_has_table_of_contents_with_page_numbers_and_clickable_links(db, anon_pdf):
    text = pdfutil.text(anon_pdf.content)
    # TOC lines end in a page number after a dotted leader, e.g. "Wapens en jongeren ..... 17".
    toc_entries = re.findall(r"Wapens en jongeren\s*\.{3,}\s*(\d+)", text)
    assert toc_entries, text[:3000]
    assert int(toc_entries[0]) > 2
    links = pdfutil.links(anon_pdf.content)
    assert "https://barrieremodellen.nl/model/view/wapens-en-jongeren-1" in links
    assert any(link.startswith("http://testserver/themas/") for link in links)
    assert pdfutil.internal_link_count(anon_pdf.content) >= 10  # TOC entries jump to their section


def test_pdf_is_tagged_for_screen_readers(db, anon_pdf):
    reader = pdfutil.reader(anon_pdf.content)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert reader.metadata.title == "Introductiedossier Jeugd en Veiligheid"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp
    assert len(reader.pages) > 10


def test_member_dossier_pdf_adds_members_only_items_and_contacts(member_client, var_contact):
    from jv.core.visibility import Visibility
    from jv.network.tests.factories import EventFactory

    # Upcoming whatever today is (the starter content's events have fixed dates).
    EventFactory(title=MEMBERS_ONLY_EVENT, visibility=Visibility.MEMBERS)
    response = member_client.get("/dossier.pdf")
    assert response.status_code == 200
    assert "netwerkleden" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("private")
    squeezed = pdfutil.squeezed(response.content)
    assert re.sub(r"\s+", "", MEMBERS_ONLY_RESOURCE) in squeezed
    assert re.sub(r"\s+", "", MEMBERS_ONLY_EVENT) in squeezed
    assert "IrisWillems" in squeezed
    assert "netwerkleden" in squeezed


def test_theme_pdf_contains_only_that_theme(anon_client):
    response = anon_client.get("/themas/wapens-en-jongeren/pdf/")
    assert response.status_code == 200
    assert "wapens-en-jongeren" in response["Content-Disposition"]
    squeezed = pdfutil.squeezed(response.content)
    assert "Interventietool(Ont)wapenend" in squeezed
    assert "Emoji-kwartetspel" not in squeezed  # belongs to other themes only
    assert "Geprioriteerdthema" not in squeezed  # intro sections belong to the full dossier


def test_unknown_or_restricted_theme_pdf_is_404(anon_client, member_client):
    from wagtail.models import PageViewRestriction

    assert anon_client.get("/themas/bestaat-niet/pdf/").status_code == 404
    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    assert anon_client.get("/themas/lvb/pdf/").status_code == 404
    assert member_client.get("/themas/lvb/pdf/").status_code == 200


def test_pdf_is_cached_until_content_changes(anon_client, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    real_render = pdf_module.render_pdf

    def counting_render(html, base_url):
        calls.append(1)
        return real_render(html, base_url)

    monkeypatch.setattr(pdf_module, "render_pdf", counting_render)
    first = anon_client.get("/themas/ouderbetrokkenheid/pdf/")
    second = anon_client.get("/themas/ouderbetrokkenheid/pdf/")
    assert len(calls) == 1
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    not_modified = anon_client.get("/themas/ouderbetrokkenheid/pdf/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert len(calls) == 1

    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    with django_capture_on_commit_callbacks(execute=True):
        theme.summary = "Samenvatting-na-wijziging over ouders."
        theme.save_revision().publish()
    third = anon_client.get("/themas/ouderbetrokkenheid/pdf/")
    assert len(calls) == 2
    assert third["ETag"] != first["ETag"]
    assert "Samenvatting-na-wijziging" in pdfutil.text(third.content)


def test_member_and_anonymous_pdfs_are_cached_separately(anon_client, member_client):
    anon = anon_client.get("/themas/rivaliserende-jeugdgroepen/pdf/")
    member = member_client.get("/themas/rivaliserende-jeugdgroepen/pdf/")
    again = anon_client.get("/themas/rivaliserende-jeugdgroepen/pdf/")
    assert anon["ETag"] != member["ETag"]
    assert again["ETag"] == anon["ETag"]
    assert re.sub(r"\s+", "", MEMBERS_ONLY_RESOURCE) in pdfutil.squeezed(member.content)
    assert re.sub(r"\s+", "", MEMBERS_ONLY_RESOURCE) not in pdfutil.squeezed(again.content)


def test_content_change_of_organisation_or_event_invalidates_the_pdf(
    anon_client, django_capture_on_commit_callbacks, monkeypatch
):
    from jv.network.tests.factories import EventFactory

    anon_client.get("/themas/lvb/pdf/")
    key_before = pdf_module.cache_key(
        __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser(),
        "http://testserver/",
        ThemePage.objects.get(slug="lvb"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Nieuwe openbare LVB-bijeenkomst", themes=[ThemePage.objects.get(slug="lvb")])
    response = anon_client.get("/themas/lvb/pdf/")
    key_after = pdf_module.cache_key(
        __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser(),
        "http://testserver/",
        ThemePage.objects.get(slug="lvb"),
    )
    assert key_before != key_after
    assert "NieuweopenbareLVB-bijeenkomst" in pdfutil.squeezed(response.content)


def test_cache_notices_changes_made_by_another_process(anon_client):
    """The content version is a database row: a change made by another worker reaches this one."""
    first = anon_client.get("/themas/ouderbetrokkenheid/pdf/")
    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    theme.summary = "Gewijzigd-door-een-andere-worker."
    theme.save_revision().publish()  # bumps the version inside the transaction, as another worker would
    second = anon_client.get("/themas/ouderbetrokkenheid/pdf/")
    assert second["ETag"] != first["ETag"]
    assert "Gewijzigd-door-een-andere-worker." in pdfutil.text(second.content)
