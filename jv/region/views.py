"""Pages of the region module: /gemeenten/, /convenanten/, /signalen/ and the VAR's contact page."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache as django_cache
from django.core.mail import send_mail
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jv.core.visibility import can_view, is_member, visible, visible_related
from jv.dossier.models import ThemePage
from jv.interventions.models import Intervention
from jv.monitor import service as monitor
from jv.network.models import Contact, Organisation
from jv.region.forms import VarQuestionForm
from jv.region.models import Agreement, Availability, Gemeente, GemeentePartner, Signal, VarQuestion

log = logging.getLogger(__name__)


def _themes(user):
    return visible(ThemePage.objects.all(), user).order_by("path")


# ----------------------------------------------------------------------------- gemeenten


def _gemeenten(user):
    return visible(Gemeente.objects.all(), user).select_related("area__parent")


@require_GET
def gemeente_index(request):
    gemeenten = list(_gemeenten(request.user).order_by("name"))
    districts: dict[int | None, dict] = {}
    for gemeente in gemeenten:
        district = gemeente.district
        key = district.pk if district else None
        group = districts.setdefault(key, {"district": district, "gemeenten": [], "to_verify": False})
        group["gemeenten"].append(gemeente)
        group["to_verify"] = group["to_verify"] or gemeente.district_to_verify
    groups = sorted(
        districts.values(),
        key=lambda g: (g["district"] is None, g["district"].order if g["district"] else 0, str(g["district"] or "")),
    )
    return render(
        request,
        "region/gemeente_index.html",
        {"groups": groups, "gemeente_count": len(gemeenten)},
    )


def availability_rows(gemeente, user):
    """Every intervention the user may see, with its availability in ``gemeente``; an intervention
    without an editor's entry is "onbekend" and te controleren."""
    recorded = {row.intervention_id: row for row in gemeente.availability.all()}
    rows = []
    for intervention in visible(Intervention.objects.all(), user).order_by("name"):
        row = recorded.get(intervention.pk)
        rows.append(
            {
                "intervention": intervention,
                "status": row.status if row else Availability.UNKNOWN,
                "status_label": row.get_status_display() if row else Availability.UNKNOWN.label,
                "provider": row.provider if row else "",
                "note": row.note if row else "",
                "to_verify": row.to_verify if row else True,
                "recorded": row is not None,
            }
        )
    return rows


def partner_rows(gemeente, user):
    organisations = visible(Organisation.objects.all(), user)
    return list(
        GemeentePartner.objects.filter(gemeente=gemeente, organisation__in=organisations)
        .select_related("organisation")
        .order_by("sort_order", "pk")
    )


def contacts_for_gemeente(gemeente, user):
    """Members only: the contact persons linked to the gemeente, at organisations the user may see."""
    if not is_member(user):
        return []
    contacts = visible(Contact.objects.all(), user).filter(organisation__in=visible(Organisation.objects.all(), user))
    links = (
        gemeente.contact_links.filter(contact__in=contacts)
        .select_related("contact__organisation")
        .order_by("sort_order")
    )
    return [{"contact": link.contact, "subject": link.subject} for link in links]


def figure_rows(area, user) -> list[dict]:
    """The latest monitor figures of ``area`` as ``user`` may see them, as plain rows.

    The one place that reads the monitor service's result (``latest_figures`` applies the
    disclosure rules); pages and API use only these keys.
    """
    rows = []
    for figure in monitor.latest_figures(area, user):
        indicator, point = figure.indicator, figure.point
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
                "period": str(point.period),
                "display": point.cell.label if point.cell else "",
                "value": point.value,
                "suppressed": point.suppressed,
                "fictitious": bool(figure.fictitious or (point.cell and point.cell.fictitious)),
                "change": figure.previous.text if figure.previous else "",
            }
        )
    return rows


def gemeente_context(request, gemeente, preview: bool = False) -> dict:
    user = request.user
    rows = availability_rows(gemeente, user)
    return {
        "gemeente": gemeente,
        "district": gemeente.district,
        "partners": partner_rows(gemeente, user),
        "agreements": list(visible(Agreement.objects.filter(gemeenten=gemeente), user).order_by("-date", "title")),
        "available": [r for r in rows if r["status"] == Availability.AVAILABLE],
        "not_available": [r for r in rows if r["status"] == Availability.NOT_AVAILABLE],
        "unknown": [r for r in rows if r["status"] == Availability.UNKNOWN],
        "figures": figure_rows(gemeente.area, user),
        "monitor_url": f"{reverse('monitor:dashboard')}?gebied={gemeente.area.code}",
        "contacts": contacts_for_gemeente(gemeente, user),
        "is_member": is_member(user),
        "is_preview": preview,
    }


@require_GET
def gemeente_detail(request, slug):
    gemeente = get_object_or_404(Gemeente.objects.select_related("area__parent"), slug=slug)
    if not can_view(request.user, gemeente):
        raise Http404
    return render(request, "region/gemeente_detail.html", gemeente_context(request, gemeente))


# ----------------------------------------------------------------------------- agreements


@require_GET
def agreement_index(request):
    user = request.user
    agreements = list(
        visible(Agreement.objects.all(), user)
        .order_by("-date", "title")
        .prefetch_related(
            Prefetch("gemeenten", queryset=_gemeenten(user).order_by("name"), to_attr="visible_gemeenten")
        )
    )
    return render(request, "region/agreement_index.html", {"agreements": agreements, "is_member": is_member(user)})


@require_GET
def agreement_detail(request, slug):
    agreement = get_object_or_404(Agreement, slug=slug)
    if not can_view(request.user, agreement):
        raise Http404
    gemeenten = list(_gemeenten(request.user).filter(agreements=agreement).order_by("name"))
    themes = list(_themes(request.user).filter(pk__in=agreement.themes.values("pk")))
    return render(
        request, "region/agreement_detail.html", {"agreement": agreement, "gemeenten": gemeenten, "themes": themes}
    )


# ----------------------------------------------------------------------------- signalen


@require_GET
def signal_index(request):
    user = request.user
    signals = list(
        visible(Signal.objects.all(), user)
        .order_by("-observed_on", "title")
        .prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), user))
    )
    return render(request, "region/signal_index.html", {"signals": signals, "is_member": is_member(user)})


@require_GET
def signal_detail(request, slug):
    signal = get_object_or_404(Signal, slug=slug)
    if not can_view(request.user, signal):
        raise Http404
    themes = list(_themes(request.user).filter(signals=signal))
    return render(request, "region/signal_detail.html", {"signal": signal, "themes": themes})


# ----------------------------------------------------------------------------- contact with the VAR


def purge_old_questions() -> int:
    """Questions are kept only as long as the editors need them (VAR_QUESTION_RETENTION_DAYS)."""
    cutoff = timezone.now() - timedelta(days=settings.VAR_QUESTION_RETENTION_DAYS)
    deleted, _details = VarQuestion.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _throttle_key(user) -> str:
    return f"jv:var-question:{user.pk}:{timezone.now():%Y%m%d%H}"


def _throttled(user) -> bool:
    return (django_cache.get(_throttle_key(user)) or 0) >= settings.VAR_QUESTION_PER_HOUR


def _count_question(user) -> None:
    key = _throttle_key(user)
    if not django_cache.add(key, 1, timeout=3600):
        try:
            django_cache.incr(key)
        except ValueError:
            django_cache.set(key, 1, timeout=3600)


def _send_to_editors(question: VarQuestion, theme_title: str, request) -> bool:
    recipients = settings.VAR_QUESTION_EMAIL
    if not recipients:
        return False
    body = render_to_string(
        "region/question_mail.txt",
        {
            "question": question,
            "theme_title": theme_title,
            "admin_url": request.build_absolute_uri(
                reverse("wagtailsnippets_region_varquestion:edit", args=[question.pk])
            ),
        },
    )
    try:
        send_mail(
            _("Question to the VAR: %(subject)s") % {"subject": question.subject[:80]},
            body,
            None,
            recipients,
            fail_silently=False,
        )
    except Exception:  # noqa: BLE001 - the question is in the admin inbox; the mail can be resent by hand
        log.exception("var question %s could not be mailed", question.pk)
        return False
    return True


@require_http_methods(["GET", "POST"])
def contact(request):
    user = request.user
    member = is_member(user)
    if request.method == "POST" and not member:
        return redirect_to_login(request.path)
    themes = list(_themes(user)) if member else []
    form = VarQuestionForm(request.POST or None, themes=themes) if member else None
    status = 200
    throttled = False
    if member and request.method == "POST":
        if _throttled(user):
            throttled, status = True, 429
        elif form.is_valid():
            data = form.cleaned_data
            purge_old_questions()
            question = VarQuestion.objects.create(
                subject=data["subject"],
                question=data["question"],
                theme=form.theme_titles.get(data["theme"], ""),
                asked_by=user,
                reply_to=data["reply_to"] or user.email,
            )
            _count_question(user)
            if _send_to_editors(question, question.theme, request):
                VarQuestion.objects.filter(pk=question.pk).update(mailed=True)
            return redirect(reverse("region:contact_sent"))
        else:
            status = 400
    return render(
        request,
        "region/contact.html",
        {
            "form": form,
            "is_member": member,
            "throttled": throttled,
            "per_hour": settings.VAR_QUESTION_PER_HOUR,
            "var_url": settings.VAR_PUBLIC_CONTACT_URL,
        },
        status=status,
    )


@require_GET
def contact_sent(request):
    return render(request, "region/contact_sent.html", {"is_member": is_member(request.user)})
