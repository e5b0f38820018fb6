from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "jv.monitor"
    label = "monitor"
    verbose_name = _("Monitor")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from jv.core import cache, navigation, sitemaps, starter
        from jv.monitor.models import Area, ContextFigure, DataVersion, Figure, Indicator, in_bulk_write
        from jv.monitor import search
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
