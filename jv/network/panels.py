"""The network's section on a theme page: roles per theme, upcoming events and the PDF download."""

from django.template.loader import render_to_string
from django.urls import reverse

from jv.core.visibility import is_member, visible
from jv.network.models import Contact, Event, Organisation, OrganisationRole


def roles_for_theme(theme, user):
    organisations = visible(Organisation.objects.all(), user)
    return list(
        OrganisationRole.objects.filter(theme=theme, organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "sort_order")
    )


def contacts_for(user, **filters):
    """Contacts a member may see (all, at published organisations they may see); none otherwise."""
    organisations = visible(Organisation.objects.all(), user)
    return (
        visible(Contact.objects.all(), user)
        .filter(organisation__in=organisations, **filters)
        .select_related("organisation")
        .distinct()
        .order_by("name")
    )


def render_theme_panel(request, theme):
    user = request.user
    events = list(
        visible(Event.objects.upcoming(), user).filter(themes=theme).select_related("organiser").order_by("start")[:3]
    )
    contacts = list(contacts_for(user, themes=theme)) if is_member(user) else []
    return render_to_string(
        "network/theme_panel.html",
        {
            "theme": theme,
            "roles": roles_for_theme(theme, user),
            "events": events,
            "contacts": contacts,
            "pdf_url": reverse("network:theme_pdf", args=[theme.slug]),
            "is_member": is_member(user),
        },
        request=request,
    )
