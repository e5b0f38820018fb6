"""Every field of a contact person, in every channel: never for anonymous visitors, shown to members."""

import re

import pytest
from django.core import mail  # noqa: F401  (no mail is sent; import keeps the channel list honest)

from jv.core import searchable
from jv.core.visibility import can_view, level_of, visible
from jv.network.models import Contact
from jv.network.tests import pdfutil

STARTER_EMAIL = "i.willems3@rotterdam.nl"

ANON_HTML_URLS = [
    "/",
    "/netwerk/",
    "/netwerk/?theme=lvb",
    "/netwerk/organisaties/openbare-partner/",
    "/netwerk/organisaties/var/",
    "/themas/lvb/",
    "/agenda/",
    "/agenda/?when=geweest",
    "/agenda/abonneren/",
    "/sitemap.xml",
    "/api/v1/organisations/",
    "/api/v1/organisations/openbare-partner/",
    "/api/v1/organisations/?theme=lvb",
    "/api/v1/events/?period=all",
    "/api/v1/schema/",
    "/agenda.ics",
]


def _secret_strings(values):
    return [
        values["name"],
        values["function"],
        values["email"],
        values["phone"],
        values["phone_digits"],
        values["consent_basis"],
        STARTER_EMAIL,
        "Iris Willems",
    ]


def _assert_absent(body: str, values, where: str):
    for secret in _secret_strings(values):
        assert secret not in body, (where, secret)


def test_contacts_are_members_only_by_construction(secret_contact, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert level_of(secret_contact) == "members"
    assert not can_view(AnonymousUser(), secret_contact)
    assert not visible(Contact.objects.all(), AnonymousUser()).exists()
    assert not any(f.name == "visibility" for f in Contact._meta.get_fields())
    assert not getattr(Contact, "always_public", False)


def test_contacts_are_not_registered_for_search(secret_contact):
    assert all(registration.model is not Contact for registration in searchable.REGISTRY.values())
    assert {"organisation", "event"} <= set(searchable.REGISTRY)


@pytest.mark.parametrize("url", ANON_HTML_URLS)
def test_anonymous_never_receives_any_contact_field(anon_client, secret_contact, secret_values, url):
    response = anon_client.get(url)
    assert response.status_code == 200, url
    _assert_absent(response.content.decode(), secret_values, url)
    assert not response.cookies, url


def test_anonymous_gets_no_contact_data_from_members_only_routes_and_errors(anon_client, secret_contact, secret_values):
    page = anon_client.get("/netwerk/contactpersonen/?q=Zo%C3%AB")
    assert page.status_code == 302 and page["Location"].startswith("/inloggen/")
    _assert_absent(page.content.decode() + page["Location"], secret_values, "contact page")
    api = anon_client.get("/api/v1/contacts/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "not_authenticated"
    _assert_absent(api.content.decode(), secret_values, "contacts api")
    for url in ["/netwerk/organisaties/bestaat-niet/", "/api/v1/organisations/bestaat-niet/", "/agenda/bestaat-niet/"]:
        response = anon_client.get(url)
        assert response.status_code == 404
        _assert_absent(response.content.decode(), secret_values, url)


def test_anonymous_pdfs_hold_no_contact_field(anon_client, secret_contact, secret_values):
    for url in ["/dossier.pdf", "/themas/lvb/pdf/"]:
        response = anon_client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        text = pdfutil.text(response.content)
        squeezed = pdfutil.squeezed(response.content)
        for secret in _secret_strings(secret_values):
            assert secret not in text, (url, secret)
            assert re.sub(r"\s+", "", secret) not in squeezed, (url, secret)
        assert not [link for link in pdfutil.links(response.content) if "mailto:" in link and "geheim" in link]
        assert f"mailto:{STARTER_EMAIL}" not in pdfutil.links(response.content)


def test_member_sees_every_contact_field_on_pages(member_client, secret_contact, secret_values, var_contact):
    contacts = member_client.get("/netwerk/contactpersonen/").content.decode()
    organisation = member_client.get("/netwerk/organisaties/openbare-partner/").content.decode()
    theme = member_client.get("/themas/lvb/").content.decode()
    for body in (contacts, organisation, theme):
        for key in ("name", "function", "email", "phone"):
            assert secret_values[key] in body, key
        assert f"tel:{secret_values['phone_digits']}" in body
    # The consent record is for editors only, even members do not need it.
    assert secret_values["consent_basis"] not in contacts
    assert STARTER_EMAIL in contacts


def test_member_gets_contacts_from_the_api_but_never_inside_organisations(member_client, secret_contact, secret_values):
    data = member_client.get("/api/v1/contacts/?theme=lvb").json()
    row = next(item for item in data["results"] if item["email"] == secret_values["email"])
    assert row["name"] == secret_values["name"]
    assert row["function"] == secret_values["function"]
    assert row["phone"] == secret_values["phone"]
    assert row["organisation"] == "openbare-partner"
    assert row["themes"] == ["lvb"]
    assert row["consent_date"] == "2026-01-15"
    organisations = member_client.get("/api/v1/organisations/").content.decode()
    assert secret_values["email"] not in organisations


def test_member_pdf_lists_contacts(member_client, secret_contact, secret_values):
    response = member_client.get("/themas/lvb/pdf/")
    squeezed = pdfutil.squeezed(response.content)
    for key in ("name", "function", "email", "phone"):
        assert re.sub(r"\s+", "", secret_values[key]) in squeezed, key
    assert f"mailto:{secret_values['email']}" in pdfutil.links(response.content)
    assert secret_values["consent_basis"] not in pdfutil.text(response.content)


def test_sitemap_never_lists_contacts_even_for_members(member_client, secret_contact, secret_values):
    body = member_client.get("/sitemap.xml").content.decode()
    _assert_absent(body, secret_values, "sitemap")
    assert "/netwerk/contactpersonen/" not in body


def test_inactive_account_sees_no_contacts(client, secret_contact, secret_values, member):
    member.is_active = False
    member.save()
    client.force_login(member)
    response = client.get("/api/v1/contacts/")
    assert response.status_code == 403
    assert client.get("/netwerk/contactpersonen/").status_code == 302
