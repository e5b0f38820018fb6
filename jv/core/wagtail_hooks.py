"""Every model ``DateField`` in the Wagtail admin uses the Dutch date field (jv.core.dates):
Wagtail's own date picker rewrites input it cannot parse (``28-11-2026``, ``morgen``) into
today's date and rolls impossible dates over (``2026-02-31`` -> 3 March)."""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override

from jv.core.dates import DutchDateField, DutchDateInput

register_form_field_override(models.DateField, override={"form_class": DutchDateField, "widget": DutchDateInput})
