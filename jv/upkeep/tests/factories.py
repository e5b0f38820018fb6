import factory
from django.contrib.auth import get_user_model

from jv.dossier.tests.factories import ResourceFactory, make_theme  # noqa: F401 - re-exported for upkeep tests


class EditorFactory(factory.django.DjangoModelFactory):
    """An account with full admin rights (superuser), with an e-mail address for the digest."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redacteur{n}")
    email = factory.Sequence(lambda n: f"redacteur{n}@example.org")
    first_name = "Rita"
    last_name = factory.Sequence(lambda n: f"Redacteur {n}")
    is_superuser = True
    is_staff = True
    is_active = True


def publish(obj, user=None, **changes):
    """Change fields of a page or resource and publish a revision, as the admin's publish button does."""
    for name, value in changes.items():
        setattr(obj, name, value)
    revision = obj.save_revision(user=user)
    revision.publish(user=user)
    obj.refresh_from_db()
    return obj


CONFIRM_PART = "/admin/onderhoud/deel-bevestigen/"


def to_verify_section(client) -> str:
    """The "te controleren" list of the upkeep dashboard as the client sees it (up to the list of
    confirmed parts)."""
    page = client.get("/admin/onderhoud/").content.decode()
    return page[page.index('id="te-controleren"') : page.index('id="bevestigd"')]


def assert_action_refused(url: str, data: dict | None = None, editor=None):
    """An upkeep action at ``url`` refuses an anonymous visitor (to the login) and an admin user
    without change permission; with ``editor``, also a GET (405) and a POST without CSRF token
    (403) from a signed-in editor. The caller checks afterwards that nothing changed. Returns the
    signed-in client without rights.
    """
    from django.contrib.auth.models import Permission
    from django.test import Client

    from jv.accounts.tests.second_factor import sign_in_verified

    if editor is not None:
        strict = sign_in_verified(Client(enforce_csrf_checks=True), editor)
        assert strict.post(url, data).status_code == 403
        assert strict.get(url).status_code == 405
    anonymous = Client().post(url, data)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    limited = EditorFactory(is_superuser=False)
    limited.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = sign_in_verified(Client(), limited)  # the admin needs a second factor
    denied = client.post(url, data)
    # Wagtail answers a PermissionDenied in the admin with a redirect to the admin home.
    assert denied.status_code == 403 or denied["Location"] == "/admin/"
    return client


def assert_confirm_refused(data: dict):
    """Confirming a part flag (``upkeep.register_part_flags``) is refused as every upkeep action is.

    Shared by every module that lists part flags; the caller checks afterwards that its flag is
    still set. Returns the signed-in client without rights.
    """
    return assert_action_refused(CONFIRM_PART, data)
