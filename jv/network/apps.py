from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "jv.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from jv.core import cache, navigation, panels, sitemaps, starter
        from jv.network import search
        from jv.network.models import Contact, Event, Organisation, OrganisationRole
        from jv.network.panels import render_theme_panel
        from jv.network.sitemaps import EventSitemap, OrganisationSitemap

        # Resources and pages are watched by the dossier and core apps already.
        for model in (Organisation, OrganisationRole, Contact, Event):
            cache.watch_model(model)
        search.register()
        sitemaps.register("organisations", OrganisationSitemap)
        sitemaps.register("events", EventSitemap)
        navigation.register(_("Network"), "/netwerk/", order=60)
        navigation.register(_("Agenda"), "/agenda/", order=70)
        panels.register_theme_panel("network", render_theme_panel, order=60)
        starter.register("network", "Netwerk", "jv.network.starter.load_network_starter", order=20)
