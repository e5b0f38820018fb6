from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editors' workbench: roles, review, redirects on slug changes, the dashboard panel."""

    name = "jv.editorial"
    label = "editorial"
    verbose_name = _("Editorial work")

    def ready(self):
        from jv.editorial import signals

        signals.connect()
