"""Dutch for the Wagtail admin strings Wagtail's own Dutch catalog leaves in English.

Our apps come before Wagtail in ``INSTALLED_APPS``, so a translation in this app's catalog wins over
Wagtail's. The strings are listed here (``gettext_noop``) so ``make messages`` keeps them.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    # The rich-text toolbar (Draftail)
    gettext_noop("Bold"),
    gettext_noop("Italic"),
    gettext_noop("Superscript"),
    gettext_noop("Subscript"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Code"),
    # Menus and headings
    gettext_noop("Editor Guide"),
    gettext_noop("Help"),
    gettext_noop("Sites menu"),
    gettext_noop("Email link"),
    gettext_noop("Checks"),
    gettext_noop("Minimap"),
    gettext_noop("Home"),
]
