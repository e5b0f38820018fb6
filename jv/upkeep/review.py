"""Review schedule: which items are overdue or due soon, for the dashboard and the digest."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from jv.upkeep import registry
from jv.upkeep.permissions import editable_filter


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> datetime.date:
    return timezone.localdate()


@dataclass
class ReviewItem:
    obj: object
    spec: registry.Spec
    interval: int
    due: datetime.date | None  # None: never reviewed, due now
    status: str  # "overdue", "soon" or "ok"
    days: int  # days overdue (positive) or days left (negative means overdue)
    owner: object | None = None
    edit_url: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def last_reviewed(self):
        return self.obj.last_reviewed

    @property
    def days_late(self) -> int:
        return -self.days if self.days < 0 else 0

    @property
    def never_reviewed(self) -> bool:
        return self.obj.last_reviewed is None

    @property
    def label(self) -> str:
        return self.spec.get_label()

    @property
    def content_type_id(self) -> int:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(self.obj).pk


def status_of(obj, spec, on: datetime.date, soon_days: int) -> tuple[str, datetime.date | None, int]:
    interval = obj.review_interval_months or spec.interval_months()
    if obj.last_reviewed is None:
        return "overdue", None, 0
    due = add_months(obj.last_reviewed, interval)
    days_left = (due - on).days
    if days_left < 0:
        return "overdue", due, days_left
    if days_left <= soon_days:
        return "soon", due, days_left
    return "ok", due, days_left


def review_items(
    user=None, on: datetime.date | None = None, owner=None, include_ok: bool = False, unassigned: bool = False
) -> list[ReviewItem]:
    """Items due for review (overdue first, then by due date).

    ``user``: only items this editor may change (None: all). ``owner``: only items of this owner.
    ``unassigned``: only items without an owner.
    """
    on = on or today()
    soon_days = settings.UPKEEP_REVIEW_SOON_DAYS
    items: list[ReviewItem] = []
    for spec in registry.reviewable_specs():
        qs = spec.base_queryset().select_related("review_owner")
        if owner is not None:
            qs = qs.filter(review_owner=owner)
        if unassigned:
            qs = qs.filter(review_owner__isnull=True)
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        for obj in qs:
            status, due, days_left = status_of(obj, spec, on, soon_days)
            if status == "ok" and not include_ok:
                continue
            items.append(
                ReviewItem(
                    obj=obj,
                    spec=spec,
                    interval=obj.review_interval_months or spec.interval_months(),
                    due=due,
                    status=status,
                    days=days_left,
                    owner=obj.review_owner,
                )
            )
    order = {"overdue": 0, "soon": 1, "ok": 2}
    items.sort(key=lambda i: (order[i.status], i.due or datetime.date.min, str(i.obj)))
    return items
