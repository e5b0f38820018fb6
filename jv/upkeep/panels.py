"""Edit-form panels for the upkeep mixins. Add them at the end of a model's panels::

    from jv.upkeep.panels import upkeep_panels
    panels = [...] + upkeep_panels()                          # snippets / models
    content_panels = Page.content_panels + [...] + upkeep_panels()   # pages

``upkeep_panels()`` returns, for the three mixins (switch one off with e.g. ``verification=False``
when the model does not inherit it): the change-note panel
("Wat is er nieuw"), the review panel, the "te controleren" panel, and a read-only status panel
(review due date, who confirmed, what the link checker found for this item's addresses).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel

from jv.upkeep.models import ReviewableMixin, VerifiableMixin


def change_note_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("change_note"), FieldPanel("change_is_minor")],
        heading=_("What is new"),
        help_text=_("Shown on the 'What is new' page and in its feed when you publish."),
    )


def review_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("last_reviewed"), FieldPanel("review_interval_months"), FieldPanel("review_owner")],
        heading=_("Review"),
    )


def verification_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("needs_verification"), FieldPanel("verification_note")],
        heading=_("To be verified"),
    )


class UpkeepStatusPanel(Panel):
    """Read-only: review due date, verification record and link check results of this item."""

    def __init__(self, heading=_("Upkeep status"), **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "upkeep/admin/status_panel.html"

        def is_shown(self):
            return bool(self.instance is not None and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from jv.upkeep import linkcheck, registry
            from jv.upkeep.review import status_of, today

            context = super().get_context_data(parent_context)
            obj = self.instance
            spec = registry.spec_for(type(obj)) or registry.Spec(model=type(obj))
            context["obj"] = obj
            if isinstance(obj, ReviewableMixin):
                from django.conf import settings

                status, due, days = status_of(obj, spec, today(), settings.UPKEEP_REVIEW_SOON_DAYS)
                context["review"] = {"status": status, "due": due, "days": abs(days), "interval": obj.review_interval()}
            if isinstance(obj, VerifiableMixin):
                context["verification"] = obj
            context["links"] = linkcheck.statuses_for(obj, spec)
            return context


def upkeep_panels(
    *, change_note: bool = True, review: bool = True, verification: bool = True, status: bool = True
) -> list:
    """Panels for the mixins a model inherits (pass False for a mixin it does not use)."""
    panels = []
    if change_note:
        panels.append(change_note_panel())
    if review:
        panels.append(review_panel())
    if verification:
        panels.append(verification_panel())
    if status:
        panels.append(UpkeepStatusPanel())
    return panels
