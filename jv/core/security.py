"""Security helpers shared by the lockout (django-axes), the login throttle and the CSP."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def client_ip(request) -> str:
    """The client's IP address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many of our own proxies append to
    X-Forwarded-For; then the address those proxies saw. Anything that is not a valid IP
    address falls back to ``REMOTE_ADDR``, so a forged header cannot pick a fresh identity.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def login_paths() -> set[str]:
    """Paths of every login form: the site's, Wagtail's (admin and front end) and Django admin's."""
    paths = set()
    for name in ("accounts:login", "wagtailcore_login", "wagtailadmin_login", "admin:login"):
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return paths
