"""Search report for editors: what people search for, and what finds nothing."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from jv.search.models import QUERY_LOG_RETENTION_DAYS, SearchQuery

PERIODS = (7, 30, 90, QUERY_LOG_RETENTION_DAYS)
ROWS = 50


def may_view_report(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


def report_data(days: int, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    rows = SearchQuery.objects.filter(day__gte=since).values("query")
    top = rows.annotate(total=Sum("searches"), best=Max("results")).order_by("-total", "query")[:ROWS]
    zero = rows.annotate(total=Sum("searches"), best=Max("results")).filter(best=0).order_by("-total", "query")[:ROWS]
    totals = SearchQuery.objects.filter(day__gte=since).aggregate(searches=Sum("searches"))
    zero_total = sum(row["total"] for row in zero)
    return {
        "since": since,
        "top": list(top),
        "zero": list(zero),
        "searches": totals["searches"] or 0,
        "zero_searches": zero_total,
    }


def search_report(request):
    if not may_view_report(request.user):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", 30))
    except (TypeError, ValueError):
        days = 30
    if days not in PERIODS:
        days = 30
    context = {"days": days, "periods": PERIODS, "retention": QUERY_LOG_RETENTION_DAYS, **report_data(days)}
    return render(request, "search/admin/report.html", context)
