"""Write upkeep fields (review date, verification, change note) without a new publication.

Wagtail's edit forms load an item from its latest revision, not from the database row. If we
only updated the row, the next publication from that form would put the old value back (an
item would reappear as "te controleren", or a cleared change note would be announced twice).
So the row AND the live and latest revisions get the new value; no new revision is created,
nothing is published and ``last_published_at`` stays as it is.
"""

from __future__ import annotations

from django.db import transaction
from modelcluster.models import get_field_value
from wagtail.models import Page, Revision, RevisionMixin

from jv.core import cache


@transaction.atomic
def update_bookkeeping(obj, **values) -> None:
    model = type(obj)
    if isinstance(obj, Page):
        model = type(obj.specific) if type(obj) is Page else model
    manager = model._base_manager
    manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        setattr(obj, name, value)
    if isinstance(obj, RevisionMixin):
        revision_fields = ["latest_revision_id"]
        if hasattr(obj, "live_revision_id"):
            revision_fields.append("live_revision_id")
        row = manager.filter(pk=obj.pk).values_list(*revision_fields).first() or ()
        revision_ids = {pk for pk in row if pk}
        fields = [model._meta.get_field(name) for name in values]
        for revision in Revision.objects.filter(pk__in=revision_ids):
            content = dict(revision.content)
            for field in fields:
                content[field.name] = get_field_value(field, obj)
            revision.content = content
            revision.save(update_fields=["content"])
    cache.bump()


def stored_revisions(obj) -> list[Revision]:
    """The live and the latest revision of ``obj`` (what the edit form and the site load)."""
    if not isinstance(obj, RevisionMixin):
        return []
    model = type(obj.specific) if type(obj) is Page else type(obj)
    revision_fields = ["latest_revision_id"]
    if hasattr(obj, "live_revision_id"):
        revision_fields.append("live_revision_id")
    row = model._base_manager.filter(pk=obj.pk).values_list(*revision_fields).first() or ()
    return list(Revision.objects.filter(pk__in={pk for pk in row if pk}))


@transaction.atomic
def edit_revisions(obj, change) -> bool:
    """Apply ``change(content) -> bool`` to the live and latest revision's content of ``obj``.

    For flags inside a revision (a StreamField block, an inline child): the caller changes the
    row itself; this keeps the revisions in step, so the next publication from the edit form does
    not bring the old value back. Returns True when a revision changed.
    """
    changed = False
    for revision in stored_revisions(obj):
        content = dict(revision.content)
        if change(content):
            revision.content = content
            revision.save(update_fields=["content"])
            changed = True
    return changed
