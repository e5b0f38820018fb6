"""Uploaded documents follow the content that carries them (issue 13, point 8): a file of a
members-only resource is downloaded by members only, decided by jv.core.visibility."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from jv.core.visibility import can_view, document_attachments, level_of
from jv.dossier.models import Resource
from jv.search.tests.factories import make_resource

pytestmark = pytest.mark.django_db

SECRET_BYTES = b"Vertrouwelijk verslag van het casusoverleg.\n"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(title="Verslag casusoverleg"):
    document = get_document_model()(title=title)
    document.file.save("verslag.txt", ContentFile(SECRET_BYTES), save=False)
    document.save()
    return document


def attach(document, visibility):
    resource = make_resource(f"Bron met {document.title} ({visibility})", "Met een bestand.", visibility=visibility)
    resource.document = document
    resource.save_revision().publish()
    return Resource.objects.get(pk=resource.pk)


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def test_documents_are_always_served_through_the_checked_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert (Resource, "document") in document_attachments()


def test_a_document_of_a_members_only_resource_is_for_members_only(anon_client, member_client):
    document = upload()
    attach(document, "members")
    assert download(anon_client, document)[0] == 404
    assert download(member_client, document) == (200, SECRET_BYTES)
    assert level_of(document) == "members"


def test_a_document_of_a_public_resource_is_public(anon_client, member_client):
    document = upload()
    attach(document, "public")
    assert download(anon_client, document) == (200, SECRET_BYTES)
    assert download(member_client, document)[0] == 200
    assert level_of(document) == "public"


def test_narrowing_or_withdrawing_the_resource_closes_its_document_at_once(anon_client, member_client):
    document = upload()
    resource = attach(document, "public")
    assert download(anon_client, document)[0] == 200
    resource.visibility = "members"
    resource.save_revision().publish()
    assert download(anon_client, document)[0] == 404
    assert download(member_client, document)[0] == 200
    resource.unpublish()
    assert download(member_client, document)[0] == 404
    assert download(anon_client, document)[0] == 404


def test_a_document_no_visible_content_carries_is_for_editors_only(anon_client, member_client, editor_client):
    document = upload("Nog niet gekoppeld")
    assert download(anon_client, document)[0] == 404
    assert download(member_client, document)[0] == 404
    assert download(editor_client, document)[0] == 200
    assert level_of(document) is None


def test_a_document_shared_by_public_and_members_only_content_is_public(anon_client):
    document = upload()
    attach(document, "members")
    attach(document, "public")
    assert can_view(None, document)
    assert download(anon_client, document)[0] == 200


def test_the_resource_page_links_the_download_only_where_the_resource_is_shown(anon_client, member_client):
    document = upload()
    resource = attach(document, "members")
    assert anon_client.get(resource.get_url()).status_code == 404
    page = member_client.get(resource.get_url())
    assert page.status_code == 200 and document.url in page.content.decode()
