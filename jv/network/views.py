"""Pages of the network module: /netwerk/, /agenda/, the iCalendar feeds and the dossier PDF."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as django_cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jv.api.throttling import throttle
from jv.core.cache import content_version
from jv.core.middleware import mark_private
from jv.core.visibility import allowed_levels, can_view, is_member, visible, visible_related
from jv.dossier.models import ThemePage
from jv.network import ical, pdf
from jv.network.forms import ContactFilterForm, EventFilterForm, OrganisationFilterForm
from jv.network.models import TOKEN_RE, Event, FeedToken, Organisation, OrganisationRole
from jv.network.panels import contacts_for

EVENTS_PER_PAGE = 20
FEED_PAST_DAYS = 365
NEW_TOKEN_SESSION_KEY = "network:new-feed-token"


def _themes(user):
    return visible(ThemePage.objects.all(), user).order_by("path")


# ----------------------------------------------------------------------------- organisations


@require_GET
def network_index(request):
    user = request.user
    form = OrganisationFilterForm(request.GET or None, user=user)
    organisations = visible(Organisation.objects.all(), user)
    themes = list(_themes(user))
    chosen_theme = None
    if form.is_bound and form.is_valid():
        organisations = form.filter(organisations)
        if form.cleaned_data.get("theme"):
            chosen_theme = form.cleaned_data["theme"]
    theme_pks = {t.pk for t in themes}
    organisations = list(
        organisations.order_by("name").prefetch_related(
            visible_related("themes", ThemePage.objects.order_by("path"), user)
        )
    )
    # Rolverdeling: the roles of every visible organisation, grouped per visible theme.
    roles = (
        OrganisationRole.objects.filter(organisation__in=visible(Organisation.objects.all(), user))
        .select_related("organisation")
        .order_by("organisation__name", "sort_order")
    )
    general_roles = []
    by_theme = {pk: [] for pk in theme_pks}
    for role in roles:
        if role.theme_id is None:
            general_roles.append(role)
        elif role.theme_id in by_theme:
            by_theme[role.theme_id].append(role)
    role_table = [
        {"theme": theme, "roles": by_theme[theme.pk]} for theme in themes if chosen_theme in (None, theme.slug)
    ]
    return render(
        request,
        "network/network_index.html",
        {
            "form": form,
            "organisations": organisations,
            "organisation_count": len(organisations),
            "general_roles": general_roles,
            "role_table": role_table,
            "is_member": is_member(user),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def organisation_detail(request, slug):
    user = request.user
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_view(user, organisation):
        raise Http404
    themes = list(visible(ThemePage.objects.filter(organisations=organisation), user).order_by("path"))
    visible_theme_ids = {t.pk for t in _themes(user)}
    roles = [
        role
        for role in organisation.roles.select_related("theme").order_by("sort_order")
        if role.theme_id is None or role.theme_id in visible_theme_ids
    ]
    events = list(visible(Event.objects.upcoming(), user).filter(organiser=organisation).order_by("start")[:5])
    contacts = list(contacts_for(user, organisation=organisation)) if is_member(user) else []
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "themes": themes,
            "general_roles": [r for r in roles if r.theme_id is None],
            "theme_roles": [r for r in roles if r.theme_id is not None],
            "events": events,
            "contacts": contacts,
            "is_member": is_member(user),
        },
    )


@require_GET
def contact_list(request):
    user = request.user
    if not is_member(user):
        from django.contrib.auth.views import redirect_to_login

        # Back to the list itself after signing in; the query string is not carried along, so
        # nothing a visitor typed is reflected into the Location header.
        return redirect_to_login(request.path)
    form = ContactFilterForm(request.GET or None, user=user)
    contacts = contacts_for(user)
    if form.is_bound and form.is_valid():
        contacts = form.filter(contacts)
    contacts = list(contacts.prefetch_related(visible_related("themes", ThemePage.objects.order_by("path"), user)))
    return render(
        request,
        "network/contact_list.html",
        {"form": form, "contacts": contacts, "contact_count": len(contacts)},
        status=400 if form.errors else 200,
    )


# ----------------------------------------------------------------------------- agenda


def _page_number(request):
    value = request.GET.get("pagina", "1")
    if not value.isdigit() or len(value) > 6:
        return None
    return int(value)


@require_GET
def agenda(request):
    user = request.user
    form = EventFilterForm(request.GET or None, user=user)
    events = visible(Event.objects.all(), user)
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    period = form.period
    now = timezone.now()
    if period == EventFilterForm.PAST:
        events = events.past(now).order_by("-start", "title")
    else:
        events = events.upcoming(now).order_by("start", "title")
    events = events.select_related("organiser")
    paginator = Paginator(events, EVENTS_PER_PAGE)
    page = paginator.get_page(_page_number(request) or 1)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "network/agenda.html",
        {
            "form": form,
            "period": period,
            "is_past": period == EventFilterForm.PAST,
            "events": list(page.object_list),
            "page_obj": page,
            "event_count": paginator.count,
            "query": query.urlencode(),
            "is_member": is_member(user),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def event_detail(request, slug):
    user = request.user
    event = get_object_or_404(Event.objects.select_related("organiser"), slug=slug)
    if not can_view(user, event):
        raise Http404
    organiser = event.organiser if event.organiser_id and can_view(user, event.organiser) else None
    themes = list(visible(ThemePage.objects.filter(events=event), user).order_by("path"))
    return render(
        request,
        "network/event_detail.html",
        {"event": event, "organiser": organiser, "themes": themes, "is_past": event.end < timezone.now()},
    )


def _feed_events(user):
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return visible(Event.objects.filter(end__gte=since), user).select_related("organiser").order_by("start", "pk")


def _ics_response(body: bytes, filename: str, personal: bool = False) -> HttpResponse:
    """``personal``: a token feed, personal although the caller has no session (signed-in callers
    get a private answer from jv.core.middleware.PrivateForSignedInMiddleware)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if personal:
        mark_private(response)
    else:
        response["Cache-Control"] = "public, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _feed_body(user, base_url: str, name: str) -> bytes:
    """The feed for ``user``'s access level, cached until content changes (and per day, because
    the window of past events moves)."""
    key = ":".join(
        [
            "network:ics:v1",
            "+".join(str(level) for level in allowed_levels(user)),
            hashlib.sha256(f"{base_url}|{name}".encode()).hexdigest()[:16],
            translation.get_language() or "nl",
            timezone.localdate().isoformat(),
            content_version(),
        ]
    )
    body = django_cache.get(key)
    if body is None:
        body = ical.build_calendar(_feed_events(user), base_url, name, user)
        django_cache.set(key, body, 24 * 3600)
    return body


@require_GET
def agenda_ics(request):
    user = request.user
    body = _feed_body(user, _base_url(request), _("Jeugd en Veiligheid: agenda"))
    return _ics_response(body, "agenda-jeugd-en-veiligheid.ics")


@require_GET
def personal_ics(request, token):
    if not TOKEN_RE.match(token):
        raise Http404
    feed_token = FeedToken.objects.for_token(token)
    if feed_token is None:
        raise Http404
    FeedToken.objects.filter(pk=feed_token.pk).update(last_used_at=timezone.now())
    body = _feed_body(feed_token.user, _base_url(request), _("Jeugd en Veiligheid: agenda (network members)"))
    return _ics_response(body, "agenda-jeugd-en-veiligheid-netwerk.ics", personal=True)


@require_GET
def event_ics(request, slug):
    user = request.user
    event = get_object_or_404(Event.objects.select_related("organiser"), slug=slug)
    if not can_view(user, event):
        raise Http404
    body = ical.build_calendar([event], _base_url(request), event.title, user)
    return _ics_response(body, f"{event.slug}.ics")


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """How to subscribe; for members also their personal feed key (create, replace, revoke)."""
    user = request.user
    if request.method == "POST":
        if not is_member(user):
            raise Http404
        action = request.POST.get("action")
        if action == "create":
            _token, raw = FeedToken.issue(user)
            request.session[NEW_TOKEN_SESSION_KEY] = raw
        elif action == "revoke":
            FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
            request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        else:
            return render(
                request,
                "network/subscribe.html",
                _subscribe_context(request, error=_("Unknown action. Choose one of the buttons.")),
                status=400,
            )
        return redirect("network:subscribe")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None) if is_member(user) else None
    return render(request, "network/subscribe.html", _subscribe_context(request, new_token=new_token))


def _subscribe_context(request, new_token=None, error=None):
    user = request.user
    public_url = request.build_absolute_uri(reverse("network:agenda_ics"))
    context = {
        "public_url": public_url,
        "public_webcal": "webcal://" + public_url.split("://", 1)[1],
        "is_member": is_member(user),
        "error": error,
    }
    if is_member(user):
        context["tokens"] = list(FeedToken.objects.filter(user=user).order_by("-created_at")[:10])
        context["active_token"] = next((t for t in context["tokens"] if t.is_active), None)
        if new_token:
            url = request.build_absolute_uri(reverse("network:personal_ics", args=[new_token]))
            context["new_url"] = url
            context["new_webcal"] = "webcal://" + url.split("://", 1)[1]
    return context


# ----------------------------------------------------------------------------- PDF


def _pdf_response(request, theme=None):
    user = request.user
    if not is_member(user):
        user = AnonymousUser()
    result = pdf.get_pdf(user, _base_url(request), theme)
    etag = f'"{result.etag}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(result.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["Content-Length"] = str(len(result.content))
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"  # members: "private, no-cache" (the middleware)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@throttle("pdf")
def dossier_pdf(request):
    return _pdf_response(request)


@require_GET
@throttle("pdf")
def theme_pdf(request, slug):
    theme = visible(ThemePage.objects.filter(slug=slug), request.user).first()
    if theme is None:
        raise Http404
    return _pdf_response(request, theme)
