"""Messages of Django itself whose Dutch translation is missing in this Django release.

Django 5.2 changed these msgids without updating its nl catalog. Listing them here lets
makemessages pick them up into jv/accounts/locale, which takes precedence over Django's own
catalog (jv.accounts comes before django.contrib.auth in INSTALLED_APPS).
"""

from django.utils.translation import ngettext_lazy

GAPS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    ),
]
