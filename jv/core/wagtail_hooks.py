"""Wagtail hooks of the shared core.

- Every model ``DateField`` and ``DateTimeField`` in the Wagtail admin uses the Dutch date (and
  date-time) field (jv.core.dates): Wagtail's own picker rewrites input it cannot parse
  (``28-11-2026``, ``morgen``) into today's date and rolls impossible dates over (``2026-02-31`` ->
  3 March). Page types use ``page_settings_panels()`` for the same field in the publishing schedule.
- Document downloads follow the one visibility module (jv.core.visibility).
"""

from django.db import models
from django.http import Http404
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override

from jv.core.dates import DutchDateField, DutchDateInput, DutchDateTimeField, DutchDateTimeInput
from jv.core.visibility import can_view

register_form_field_override(models.DateField, override={"form_class": DutchDateField, "widget": DutchDateInput})
register_form_field_override(
    models.DateTimeField, override={"form_class": DutchDateTimeField, "widget": DutchDateTimeInput}
)


@hooks.register("before_serve_document")
def only_documents_the_user_may_see(document, request):
    """A file carried only by members-only content is for members; one carried by no visible
    content only for editors. Anything else answers 404, as a hidden page does (nothing leaks)."""
    if not can_view(request.user, document):
        raise Http404
