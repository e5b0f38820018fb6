from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "jv.interventions"
    label = "interventions"
    verbose_name = _("Interventions")
