"""Editors and administrators need a second factor (TOTP) for the Wagtail admin."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jv.accounts.tests.factories import MemberFactory
from jv.accounts.tests.second_factor import sign_in_verified

PASSWORD = "Een-lang-wachtwoord-123"


@pytest.fixture
def chief(db):
    return get_user_model().objects.create_superuser("hoofdredacteur", "hoofd@example.org", PASSWORD)


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def wait_out_the_throttle(user):
    """After a wrong code django-otp refuses every code for 1, 2, 4 ... seconds; skip that wait."""
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)


def password_login(user) -> Client:
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_password_alone_does_not_open_the_admin_first_time_to_enrol(chief):
    client = password_login(chief)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/tweestapsverificatie/instellen/?next=%2Fadmin%2Fpages%2F"
    for path in ("/admin/", "/admin/snippets/dossier/resource/", "/admin/users/", "/admin/onderhoud/"):
        assert client.get(path).status_code == 302, path
    assert client.get("/admin/login/").status_code in (200, 302)  # the admin's own login stays reachable


def test_enrolment_shows_a_server_rendered_qr_code_and_confirms_with_a_code(chief):
    client = password_login(chief)
    page = client.get("/tweestapsverificatie/instellen/?next=/admin/pages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html  # the QR code itself, in the page
    # No script or image from another origin: the QR code is drawn on the server.
    assert not re.search(r'<(script|img)[^>]+src="(https?:)?//(?!testserver/)', html)
    assert "Tweestapsverificatie instellen" in html
    device = TOTPDevice.objects.get(user=chief, confirmed=False)
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
    # A wrong code: a clear Dutch error, still not enrolled.
    wrong = client.post(
        "/tweestapsverificatie/instellen/", {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "niet juist" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    # Right after a wrong code even the right one is refused (throttle), with a clear message.
    throttled = client.post("/tweestapsverificatie/instellen/", {"token": code_for(device)})
    assert throttled.status_code == 400 and "Wacht even" in throttled.content.decode()
    wait_out_the_throttle(chief)
    # The right code: enrolled, verified, ten backup codes shown once.
    done = client.post("/tweestapsverificatie/instellen/", {"token": code_for(device), "next": "/admin/pages/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=chief).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


def test_next_time_the_code_is_asked_and_a_backup_code_works_once(chief):
    from jv.accounts import twofactor

    device = TOTPDevice.objects.create(user=chief, name="app", confirmed=True)
    codes = twofactor.new_backup_codes(chief)
    client = password_login(chief)
    response = client.get("/admin/snippets/dossier/resource/")
    assert response["Location"] == "/tweestapsverificatie/?next=%2Fadmin%2Fsnippets%2Fdossier%2Fresource%2F"
    # Someone with only the password cannot enrol a device of their own.
    assert client.get("/tweestapsverificatie/instellen/")["Location"].startswith("/tweestapsverificatie/?")
    assert TOTPDevice.objects.filter(user=chief).count() == 1
    bad = client.post("/tweestapsverificatie/", {"token": "abc!"})
    assert bad.status_code == 400 and "cijfers" in bad.content.decode()
    ok = client.post("/tweestapsverificatie/", {"token": codes[0], "next": "/admin/snippets/dossier/resource/"})
    assert ok["Location"] == "/admin/snippets/dossier/resource/"
    assert client.get("/admin/snippets/dossier/resource/").status_code == 200
    # The used backup code does not work a second time (another session).
    again = password_login(chief)
    assert again.post("/tweestapsverificatie/", {"token": codes[0]}).status_code == 400
    wait_out_the_throttle(chief)
    # The app's current code works.
    assert again.post("/tweestapsverificatie/", {"token": code_for(device)})["Location"] == "/admin/"


def test_verify_page_never_redirects_to_another_site(chief):
    client = sign_in_verified(Client(), chief)
    assert client.get("/tweestapsverificatie/?next=https://kwaad.example/")["Location"] == "/admin/"
    assert client.get("/tweestapsverificatie/?next=//kwaad.example/")["Location"] == "/admin/"


def test_limited_editors_need_it_too_and_members_are_left_alone(db):
    editor = MemberFactory(username="beperkt")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith("/tweestapsverificatie/instellen/")
    member = Client()
    member.force_login(MemberFactory(username="gewoon-lid"))
    assert member.get("/").status_code == 200
    assert member.get("/tweestapsverificatie/instellen/").status_code == 404
    assert not TOTPDevice.objects.filter(user__username="gewoon-lid").exists()


def test_new_backup_codes_replace_the_old_ones(chief):
    from jv.accounts import twofactor

    old = twofactor.new_backup_codes(chief)
    client = sign_in_verified(Client(), chief)
    status = client.get("/tweestapsverificatie/instellen/")
    assert "10 ongebruikte reservecodes" in status.content.decode()
    fresh = client.post("/tweestapsverificatie/reservecodes/")
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", fresh.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True)) == set(new)


def test_reset_command_removes_the_devices_and_the_user_enrols_again(chief):
    sign_in_verified(Client(), chief)
    from jv.accounts import twofactor

    twofactor.new_backup_codes(chief)
    out = StringIO()
    call_command("reset_2fa", "hoofdredacteur", stdout=out)
    assert "gereset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticToken.objects.filter(device__user=chief).exists()
    client = password_login(chief)
    assert client.get("/admin/")["Location"].startswith("/tweestapsverificatie/instellen/")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("reset_2fa", "niemand")


def test_a_verified_session_loses_access_when_the_devices_are_reset(chief):
    client = sign_in_verified(Client(), chief)
    assert client.get("/admin/").status_code == 200
    call_command("reset_2fa", "hoofdredacteur", stdout=StringIO())
    assert client.get("/admin/").status_code == 302
