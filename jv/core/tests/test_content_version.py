from jv.core.cache import content_version
from jv.dossier.models import Resource, ThemePage


def test_content_version_changes_when_a_resource_or_page_is_published(db, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        resource = Resource.objects.first()
        resource.summary = "Nieuw"
        resource.save()
    after_resource = content_version()
    assert after_resource != before
    with django_capture_on_commit_callbacks(execute=True):
        ThemePage.objects.first().save_revision().publish()
    assert content_version() != after_resource


def test_content_version_is_stable_without_changes(db):
    assert content_version() == content_version()
