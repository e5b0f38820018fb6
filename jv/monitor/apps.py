from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "jv.monitor"
    label = "monitor"
    verbose_name = _("Monitor")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from jv.core import cache, navigation, sitemaps, starter
        from jv.monitor import search
        from jv.monitor.models import Area, ContextFigure, DataVersion, Figure, Indicator, in_bulk_write
        from jv.monitor.sitemaps import MonitorSitemap

        navigation.register(_("Monitor"), "/monitor/", order=50)
        search.register()
        sitemaps.register("monitor", MonitorSitemap)
        starter.register("monitor", "Monitor", "jv.monitor.starter.load_starter", order=50)

        def bump(sender, **kwargs):
            if not in_bulk_write():
                DataVersion.bump()

        for model in (Area, Indicator, Figure, ContextFigure):
            cache.watch_model(model)  # the platform-wide content version (rendered-output caches)
            post_save.connect(bump, sender=model, dispatch_uid=f"monitor-bump-save-{model.__name__}", weak=False)
            post_delete.connect(bump, sender=model, dispatch_uid=f"monitor-bump-delete-{model.__name__}", weak=False)
        m2m_changed.connect(bump, sender=Indicator.reporting_areas.through, dispatch_uid="monitor-bump-m2m", weak=False)

        # Upkeep: every monitor table is in the content backup (foreign keys are checked after all
        # rows are written; the orders only keep the files readable). Context figures carry a source
        # link, so the link checker covers them; they are reference data, never announced as news.
        # Pending imports (an upload waiting for confirmation) and the cache token are not content.
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
        upkeep.register_post_import(DataVersion.bump)
        # Areas and context figures with the box "te controleren": listed on the dashboard.
        from jv.monitor import upkeep as monitor_upkeep

        monitor_upkeep.register()
