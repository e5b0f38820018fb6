from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jv.jobs"
    label = "jobs"
    verbose_name = _("Scheduled jobs")

    def ready(self):
        from jv.jobs import builtin, scheduler
        from jv.ops.health import register_detail

        builtin.register_builtin()
        register_detail("jobs", scheduler.readyz_report)
