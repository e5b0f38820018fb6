"""The "Onderhoud" dashboard in the Wagtail admin and its POST actions."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from jv.jobs.scheduler import status as job_status
from jv.upkeep import registry, verification
from jv.upkeep.bookkeeping import update_bookkeeping
from jv.upkeep.models import LinkCheckRun, LinkOccurrence, LinkStatus, VerificationFlag
from jv.upkeep.permissions import can_edit, editable_filter
from jv.upkeep.review import review_items, today

ROW_LIMIT = 200  # per review table; the counts above the tables stay complete


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "upkeep/admin/dashboard.html"
    page_title = _("Upkeep")
    header_icon = "calendar-check"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        only_mine = self.request.GET.get("eigenaar") == "mij"
        finder = AdminURLFinder(user)
        items = review_items(user=user, owner=user if only_mine else None)
        for item in items:
            item.edit_url = finder.get_edit_url(item.obj)
            item.public_url = item.spec.url(item.obj)
        to_verify = verification.open_items(user)
        for item in to_verify:
            item.edit_url = finder.get_edit_url(item.obj)
        if only_mine:
            to_verify = [i for i in to_verify if getattr(i.obj, "review_owner_id", None) == user.pk]
        confirmed = verification.recently_confirmed(user)
        for row in confirmed:
            row["edit_url"] = finder.get_edit_url(row["obj"])
        if only_mine:
            confirmed = [r for r in confirmed if getattr(r["obj"], "review_owner_id", None) == user.pk]
        links = problem_links(user, finder, only_mine=only_mine)
        last_run = LinkCheckRun.objects.first()
        jobs = job_status()
        context.update(
            {
                "jobs": jobs,
                "stale_jobs": [job for job in jobs if job.stale or job.failing],
                "only_mine": only_mine,
                "overdue": [i for i in items if i.status == "overdue"],
                "soon": [i for i in items if i.status == "soon"],
                "to_verify": to_verify,
                "recently_confirmed": confirmed,
                "failing_links": [link for link in links if link.is_failing],
                "redirected_links": [link for link in links if link.outcome == LinkStatus.Outcome.REDIRECT],
                "refused_links": [link for link in links if link.outcome == LinkStatus.Outcome.REFUSED],
                "last_run": last_run,
                "link_total": LinkStatus.objects.count(),
                "unchecked_links": LinkStatus.objects.filter(last_checked__isnull=True).count(),
                "today": today(),
                "row_limit": ROW_LIMIT,
            }
        )
        return context


def problem_links(user, finder, only_mine=False) -> list[LinkStatus]:
    """Broken, unreachable, redirected and refused addresses, each with the items (editable by ``user``) using it."""
    statuses = list(
        LinkStatus.objects.filter(
            outcome__in=[*LinkStatus.FAILING, LinkStatus.Outcome.REDIRECT, LinkStatus.Outcome.REFUSED]
        ).order_by("-outcome", "first_failure", "url")
    )
    occurrences = LinkOccurrence.objects.filter(link__in=statuses)
    by_type: dict[int, set[str]] = defaultdict(set)
    for occurrence in occurrences:
        by_type[occurrence.content_type_id].add(occurrence.object_id)
    objects = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        qs = editable_filter(model._default_manager.filter(pk__in=list(ids)), user)
        if qs is None:
            continue
        for obj in qs:
            if only_mine and getattr(obj, "review_owner_id", None) != user.pk:
                continue
            objects[(content_type_id, str(obj.pk))] = obj
    places = defaultdict(list)
    for occurrence in occurrences:
        obj = objects.get((occurrence.content_type_id, occurrence.object_id))
        if obj is not None:
            spec = registry.spec_for(type(obj))
            places[occurrence.link_id].append(
                {
                    "obj": obj,
                    "label": spec.get_label() if spec else str(type(obj)._meta.verbose_name),
                    "field": occurrence.field,
                    "edit_url": finder.get_edit_url(obj),
                }
            )
    result = []
    for status in statuses:
        status.places = places.get(status.pk, [])
        if status.places:
            result.append(status)
    return result


def _covered_object(content_type_id: int, object_id: str):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or registry.spec_for(model) is None:
        raise Http404
    try:
        return get_object_or_404(model._default_manager, pk=object_id)
    except (ValueError, ValidationError, OverflowError):
        raise Http404 from None


def _back(request, anchor: str):
    return redirect(reverse("upkeep_dashboard:index") + anchor)


@require_POST
def confirm_item(request, content_type_id: int, object_id: str):
    obj = _covered_object(content_type_id, object_id)
    if not registry.spec_for(type(obj)).verifiable:
        raise Http404
    if not can_edit(request.user, obj):
        raise PermissionDenied
    verification.confirm(obj, request.user)
    log(instance=obj, action="upkeep.verified", user=request.user)
    messages.success(
        request, gettext("“%(item)s” is confirmed and no longer marked as to be verified.") % {"item": obj}
    )
    return _back(request, "#te-controleren")


@require_POST
def confirm_flag(request, flag_id: int):
    open_flag = get_object_or_404(VerificationFlag, pk=flag_id, confirmed_at__isnull=True)
    try:
        verification.confirm_flag(open_flag, request.user)
    except PermissionError:
        raise PermissionDenied from None
    except Exception:  # noqa: BLE001 - the item was removed meanwhile
        raise Http404 from None
    messages.success(request, gettext("The field is confirmed and no longer marked as to be verified."))
    return _back(request, "#te-controleren")


@require_POST
def confirm_part(request):
    """Confirm one flag on a part of an item (a step, a role, an area): POST source, item and key."""
    source = request.POST.get("source", "")
    object_id = request.POST.get("item", "")
    key = request.POST.get("part", "")
    try:
        record = verification.confirm_part(source, object_id, key, request.user)
    except PermissionError:
        raise PermissionDenied from None
    except verification.UnknownPart:
        messages.error(
            request,
            gettext(
                "This point is not on the list (any more): it was confirmed or changed meanwhile, "
                "or the link is incomplete. Nothing was changed."
            ),
        )
        return _back(request, "#te-controleren")
    obj = record.content_type.get_object_for_this_type(pk=record.object_id)
    log(instance=obj, action="upkeep.verified", user=request.user, data={"part": record.label})
    messages.success(
        request, gettext("“%(part)s” is confirmed and no longer marked as to be verified.") % {"part": record.label}
    )
    return _back(request, "#te-controleren")


@require_POST
def mark_reviewed(request, content_type_id: int, object_id: str):
    obj = _covered_object(content_type_id, object_id)
    if not registry.spec_for(type(obj)).reviewable:
        raise Http404
    if not can_edit(request.user, obj):
        raise PermissionDenied
    update_bookkeeping(obj, last_reviewed=today())
    log(instance=obj, action="upkeep.reviewed", user=request.user)
    messages.success(request, gettext("“%(item)s” is marked as reviewed today.") % {"item": obj})
    return _back(request, "#controle")
