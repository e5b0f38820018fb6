"""Search documents for organisations and events (see jv.core.searchable).

Contact persons are deliberately NOT registered: personal data stays out of the search index.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.visibility import Visibility, level_of


def organisation_document(organisation):
    roles = [role.role for role in organisation.roles.all()]
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
        themes=[theme.slug for theme in organisation.themes.all()],
        context=searchable.theme_context(organisation.themes.all()),
    )


def _public_organiser_name(event) -> str:
    """The organiser's name only when it is public: an event document may be public while its
    organiser is members-only, and the index stores one visibility level per document."""
    if event.organiser_id and level_of(event.organiser) == Visibility.PUBLIC:
        return event.organiser.name
    return ""


def event_document(event):
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
                    _public_organiser_name(event),
                    "voorbeeld" if event.is_example else "",
                ],
            )
        ),
        themes=[theme.slug for theme in event.themes.all()],
        context=searchable.theme_context(event.themes.all()),
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
