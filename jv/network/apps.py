from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "jv.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from jv.core import navigation, panels, sitemaps, starter
        from jv.network import search
        from jv.network.models import Contact, Event, Organisation, OrganisationRole
        from jv.network.panels import render_theme_panel
        from jv.network.sitemaps import EventSitemap, OrganisationSitemap

        search.register()
        sitemaps.register("organisations", OrganisationSitemap)
        sitemaps.register("events", EventSitemap)
        navigation.register(_("Network"), "/netwerk/", order=60)
        navigation.register(_("Agenda"), "/agenda/", order=70)
        panels.register_theme_panel("network", render_theme_panel, order=60)
        starter.register("network", "Netwerk", "jv.network.starter.load_network_starter", order=20)
        # Upkeep: review schedule, "te controleren", link checker, "Wat is er nieuw", backup.
        # Contact persons are personal data for members only: never in "Wat is er nieuw"
        # (track_changes=False), reviewed twice a year because people change jobs.
        from jv.upkeep import registry as upkeep

        upkeep.register(
            Organisation,
            label=_("Organisation"),
            url_fields=["website"],
            themes=lambda organisation: organisation.themes.all(),
            prefetch=["themes"],
            export_order=50,  # before contacts (PROTECT): a forced restore deletes in reverse order
        )
        upkeep.register(
            Contact, label=_("Contact person"), default_interval_months=6, track_changes=False, export_order=51
        )
        # The agenda is its own news: events are link-checked and backed up, not announced.
        upkeep.register(Event, label=_("Event"), track_changes=False, export_order=52)
        upkeep.register_exportable(OrganisationRole, order=51)
        # The "te controleren" box of single roles: listed on the dashboard too.
        from jv.network import upkeep as network_upkeep

        network_upkeep.register()
