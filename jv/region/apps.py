from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionConfig(AppConfig):
    name = "jv.region"
    label = "region"
    verbose_name = _("Region")

    def ready(self):
        from jv.core import navigation, panels, sitemaps, starter
        from jv.region import search
        from jv.region.models import (
            Agreement,
            Gemeente,
            GemeenteContact,
            GemeentePartner,
            InterventionAvailability,
            Signal,
        )
        from jv.region.panels import render_signals_panel
        from jv.region.sitemaps import AgreementSitemap, GemeenteSitemap, SignalSitemap

        search.register()
        sitemaps.register("gemeenten", GemeenteSitemap)
        sitemaps.register("agreements", AgreementSitemap)
        sitemaps.register("signals", SignalSitemap)
        navigation.register(_("Municipalities"), "/gemeenten/", order=55)
        panels.register_theme_panel("signals", render_signals_panel, order=15)
        # After the monitor (areas), the network (organisations, contacts) and the interventions.
        starter.register("region", "Regio", "jv.region.starter.load_region_starter", order=60)

        # Upkeep: review schedule, "te controleren", link checker, "Wat is er nieuw", backup.
        from jv.upkeep import registry as upkeep

        # Export after the monitor areas, organisations, contacts and interventions they point to (a
        # forced restore deletes in reverse order).
        upkeep.register(Gemeente, label=_("Municipality"), url_fields=["website"], export_order=110)
        upkeep.register(
            Agreement,
            label=_("Agreement"),
            url_fields=["source_url"],
            themes=lambda agreement: agreement.themes.all(),
            prefetch=["themes"],
            export_order=114,
        )
        upkeep.register(
            Signal,
            label=_("Signal"),
            url_fields=["source_url"],
            default_interval_months=6,
            themes=lambda signal: signal.themes.all(),
            prefetch=["themes"],
            export_order=115,
        )
        for order, model in enumerate((GemeentePartner, InterventionAvailability, GemeenteContact), start=111):
            upkeep.register_exportable(model, order=order)
        # The "te controleren" boxes of single partner roles and availabilities: on the dashboard too.
        from jv.region import upkeep as region_upkeep

        region_upkeep.register()
