from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "jv.dossier"
    label = "dossier"
    verbose_name = _("Dossier")

    def ready(self):
        from jv.core import sitemaps
        from jv.dossier.sitemaps import ResourceSitemap

        sitemaps.register("resources", ResourceSitemap)
