"""Search documents for organisations and events (see jv.core.searchable).

Contact persons are deliberately NOT registered: personal data stays out of the search index.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.visibility import shown_with


def organisation_document(organisation):
    roles = [role.role for role in organisation.roles.all()]
    themes = shown_with(organisation, organisation.themes.all())
    return searchable.SearchDocument(
        type="organisation",
        key=f"organisation:{organisation.pk}",
        title=organisation.name,
        url=organisation.get_url(),
        summary=organisation.summary,
        body=" ".join(
            filter(
                None, [organisation.get_kind_display(), organisation.region, " ".join(organisation.unit_list), *roles]
            )
        ),
        themes=[theme.slug for theme in themes],
        context=searchable.theme_context(themes),
    )


def event_document(event):
    # A public event may have a members-only organiser: the document names it only when allowed.
    organisers = shown_with(event, [event.organiser] if event.organiser_id else [])
    themes = shown_with(event, event.themes.all())
    start = timezone.localtime(event.start)
    when = formats.date_format(start, "j F Y")
    return searchable.SearchDocument(
        type="event",
        key=f"event:{event.pk}",
        title=event.title,
        url=event.get_url(),
        summary=event.description[:300],
        body=" ".join(
            filter(
                None,
                [
                    when,
                    event.get_kind_display(),
                    event.location,
                    event.audience,
                    *[organiser.name for organiser in organisers],
                    "voorbeeld" if event.is_example else "",
                ],
            )
        ),
        themes=[theme.slug for theme in themes],
        context=searchable.theme_context(themes),
    )


def register():
    from jv.network.models import Event, Organisation

    searchable.register(
        "organisation",
        Organisation,
        queryset=lambda: Organisation.objects.all(),
        to_document=organisation_document,
        label=_("Organisation"),
    )
    searchable.register(
        "event",
        Event,
        queryset=lambda: Event.objects.all(),
        to_document=event_document,
        label=_("Event"),
    )
