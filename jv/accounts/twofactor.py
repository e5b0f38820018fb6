"""Second factor (TOTP through django-otp) for everyone who can open the Wagtail admin.

Editors and administrators sign in with their password as before (any login form), and then
prove a second factor before the admin lets them in:

- no confirmed authenticator yet: the enrol page (``accounts:otp_setup``) shows a QR code
  (rendered on the server as SVG by segno, no JavaScript, no third party) and the secret, and
  asks for one code to confirm; then ten backup codes (``StaticDevice``) are shown once;
- a confirmed authenticator: the verify page (``accounts:otp_verify``) asks for a code from the
  app or one backup code (each backup code works once).

:class:`AdminSecondFactorMiddleware` enforces it for every path under the admin, except the
admin's own login and logout. ``python manage.py reset_2fa USERNAME`` removes a user's devices
(a lost phone and lost backup codes): the user enrols again after the next password login.
"""

from __future__ import annotations

import functools
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"
APP_DEVICE_NAME = "app"


def needs_second_factor(user) -> bool:
    """True for signed-in users who may open the Wagtail admin (editors, administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def load_verification(request):
    """Set ``request.user.otp_device``/``is_verified()`` from the session (django-otp's rule).

    Done here, only where it is needed (the admin and the two-step pages), instead of with
    django-otp's middleware on every request: a page for members then never touches the
    device tables, and a database outage surfaces in the view, where the outage handling
    answers 503.
    """
    from django_otp.models import Device

    user = request.user
    if not hasattr(user, "is_verified"):
        device = None
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = Device.from_persistent_id(persistent_id) if persistent_id else None
            if device is not None and (device.user_id != user.pk or not device.confirmed):
                device = None  # another user's device, or no longer confirmed
            if device is None and DEVICE_ID_SESSION_KEY in request.session:
                del request.session[DEVICE_ID_SESSION_KEY]
        user.otp_device = device
        user.is_verified = functools.partial(_has_device, user)
    return user


def _has_device(user) -> bool:
    return getattr(user, "otp_device", None) is not None


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def pending_app_device(user) -> TOTPDevice:
    """The user's unconfirmed authenticator being set up (one at a time; made when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by ``BACKUP_CODE_COUNT`` fresh ones and return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to type from paper
    codes = ["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset_devices(user) -> int:
    """Remove every second-factor device of ``user``; returns how many were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        removed += count
    return removed


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of ``device`` as an inline SVG QR code (server-side, no JS)."""
    import segno

    code = segno.make(device.config_url, error="m", micro=False)
    return code.svg_inline(scale=4, dark="#000", light="#fff", border=4, omitsize=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps without a camera."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _exempt_paths() -> set[str]:
    paths = set()
    for name in ("wagtailadmin_login", "wagtailadmin_logout"):
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return paths


class AdminSecondFactorMiddleware:
    """Sends editors without a verified second factor from the admin to enrol or verify.

    Comes after ``AuthenticationMiddleware``. When the database cannot answer the check (an
    outage), the request goes on to the view, which needs the same database for the signed-in
    user (Wagtail's admin access check) and so fails the same way: the outage handling answers
    503 there, as for every other view.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.JV_SECOND_FACTOR_PATHS)

    def __call__(self, request):
        if request.path.startswith(self.prefixes) and request.path not in _exempt_paths():
            try:
                redirect_to = self._redirect_for(request)
            except DatabaseError:
                redirect_to = None  # see the class docstring
            if redirect_to:
                return HttpResponseRedirect(redirect_to)
        return self.get_response(request)

    @staticmethod
    def _redirect_for(request) -> str | None:
        user = getattr(request, "user", None)
        if not needs_second_factor(user):
            return None
        load_verification(request)
        if is_verified(user):
            return None
        target = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
        return f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
