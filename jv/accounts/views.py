import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jv.accounts import twofactor
from jv.accounts.forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView only accepts POST: a link cannot sign someone out.
    pass


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows after too many wrong passwords for one username from one address.

    Status 429. Says how long the block lasts; never echoes the username that was tried.
    """
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "accounts/locked_out.html",
        {"throttled": False, "retry_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# --------------------------------------------------------------------------------------------
# Second factor (jv/accounts/twofactor.py)
# --------------------------------------------------------------------------------------------


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def signed_in_required(view):
    """Like ``login_required``, but the way back after signing in keeps only this page and its
    checked ``next``: nothing else from the query string is echoed into the redirect."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        back = request.path
        candidate = request.GET.get("next") or ""
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = f"{back}?{urlencode({'next': candidate})}"
        return redirect_to_login(back)

    return wrapper


def _throttled(devices) -> bool:
    """True while django-otp refuses codes after a wrong one (1, 2, 4 ... seconds)."""
    return any(not device.verify_is_allowed()[0] for device in devices)


THROTTLED = gettext_lazy("Too many wrong codes in a row. Wait a moment and then try again with a new code.")


def _qr_markup(device) -> str:
    svg = twofactor.qr_svg(device)
    label = escape(gettext("QR code to scan with your authenticator app"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308 - segno output


@signed_in_required
@never_cache
def otp_setup(request):
    """Enrol an authenticator app: QR code and secret, confirmed with one code; then backup codes."""
    user = twofactor.load_verification(request)
    if not twofactor.needs_second_factor(user):
        raise Http404
    if twofactor.has_confirmed_device(user) and not twofactor.is_verified(user):
        # Only a verified session may add an authenticator: a stolen password is not enough.
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _next_url(request)})}")
    if twofactor.confirmed_app_device(user) is not None:
        return render(
            request,
            "accounts/otp_status.html",
            {"remaining": twofactor.remaining_backup_codes(user), "next": _next_url(request)},
        )
    device = twofactor.pending_app_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled([device]):
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            codes = twofactor.new_backup_codes(user)
            return render(request, "accounts/otp_backup_codes.html", {"codes": codes, "next": _next_url(request)})
        else:
            form.add_error(
                "token", gettext("This code is not correct. Check the time on your phone and try a new code.")
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_markup(device),
            "secret": twofactor.secret_for_typing(device),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@signed_in_required
@never_cache
def otp_verify(request):
    """Prove the second factor for this session: a code from the app or a backup code."""
    user = twofactor.load_verification(request)
    if not twofactor.needs_second_factor(user):
        raise Http404
    if not twofactor.has_confirmed_device(user):
        return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next_url(request)})}")
    if twofactor.is_verified(user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(devices_for_user(user, confirmed=True)):
            form.add_error("token", THROTTLED)
        else:
            device = match_token(user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("token", gettext("This code is not correct or was used before. Try a new code."))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@signed_in_required
@never_cache
@require_POST
def otp_backup_codes(request):
    """New backup codes (the old ones stop working); only in a verified session."""
    user = twofactor.load_verification(request)
    if not twofactor.needs_second_factor(user) or not twofactor.is_verified(user):
        raise Http404
    codes = twofactor.new_backup_codes(user)
    return render(request, "accounts/otp_backup_codes.html", {"codes": codes, "next": _next_url(request)})
