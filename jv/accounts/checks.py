"""System checks for account security in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

CONSOLE_BACKENDS = {"django.core.mail.backends.console.EmailBackend"}


@register(Tags.security)
def email_not_to_console_in_production(app_configs, **kwargs):
    """With DEBUG off, mail (review digests, questions to the VAR) must really be sent, not logged."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in CONSOLE_BACKENDS:
        return []
    return [
        Error(
            "EMAIL_BACKEND is de console-backend terwijl DEBUG uit staat: e-mails zouden in het log belanden "
            "in plaats van verstuurd te worden.",
            hint="Zet EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend met EMAIL_HOST enz. "
            "(zie docs/deployment.md), of DJANGO_DEBUG=1 voor ontwikkeling.",
            id="jv.accounts.E001",
        )
    ]


@register(Tags.security, deploy=True)
def proxy_count_behind_tls_proxy(app_configs, **kwargs):
    """HTTPS=1 means a TLS proxy in front: without TRUSTED_PROXY_COUNT every client shares its address."""
    if not settings.HTTPS or settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "HTTPS=1 (een reverse proxy voor de app) maar TRUSTED_PROXY_COUNT=0: alle bezoekers delen dan het "
            "adres van de proxy, dus de inlogblokkade en -begrenzing gelden voor iedereen tegelijk.",
            hint="Zet TRUSTED_PROXY_COUNT op het aantal eigen proxies dat X-Forwarded-For aanvult (meestal 1).",
            id="jv.accounts.W001",
        )
    ]
