"""Test helper: sign a test client in *with* a verified second factor, as the admin requires.

    from jv.accounts.tests.second_factor import sign_in_verified
    sign_in_verified(client, editor)

Every test that opens the Wagtail admin signs in this way (``editor_client`` in jv/conftest.py
does it for you); ``client.force_login`` alone now ends on the two-step verification page.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_device(user) -> TOTPDevice:
    """The user's confirmed authenticator, made when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test-app", confirmed=True)
    return device


def sign_in_verified(client, user):
    """``client.force_login(user)`` plus a session verified with the user's authenticator."""
    client.force_login(user)
    device = verified_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
