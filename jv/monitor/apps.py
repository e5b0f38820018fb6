from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "jv.monitor"
    label = "monitor"
    verbose_name = _("Monitor")

    def ready(self):
        from jv.core import navigation, sitemaps, starter
        from jv.monitor import search
        from jv.monitor.models import Area, ContextFigure, Figure, Indicator
        from jv.monitor.sitemaps import MonitorSitemap

        navigation.register(_("Monitor"), "/monitor/", order=50)
        search.register()
        sitemaps.register("monitor", MonitorSitemap)
        starter.register("monitor", "Monitor", "jv.monitor.starter.load_starter", order=50)

        # Upkeep: every monitor table is in the content backup (foreign keys are checked after all
        # rows are written; the orders only keep the files readable). Context figures carry a source
        # link, so the link checker covers them; they are reference data, never announced as news.
        # Pending imports (an upload waiting for confirmation) are not content. Every registered
        # model is content: its changes give the platform a new content version (jv.core.cache),
        # which the monitor's caches key on too.
        from jv.monitor.models import ImportRecord
        from jv.upkeep import registry as upkeep

        upkeep.register_exportable(Area, order=60)
        upkeep.register_exportable(Indicator, order=61)
        upkeep.register_exportable(ImportRecord, order=62)
        upkeep.register_exportable(Figure, order=63)
        # The publication log is part of the backup: a restore without it would let the next
        # release be audited without the releases the public may have archived.
        from jv.monitor.models import Publication, PublishedCell

        upkeep.register_exportable(Publication, order=65)
        upkeep.register_exportable(PublishedCell, order=66)
        upkeep.register(ContextFigure, label=_("Context figure"), track_changes=False, export_order=64)
        # Areas and context figures with the box "te controleren": listed on the dashboard.
        from jv.monitor import upkeep as monitor_upkeep

        monitor_upkeep.register()
