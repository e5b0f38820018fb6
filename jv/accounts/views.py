from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from jv.accounts.forms import LoginForm


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
