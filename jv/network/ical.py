"""iCalendar (RFC 5545) output for the agenda, built with the ``icalendar`` package.

Times are written in Europe/Amsterdam with a VTIMEZONE block, so calendar apps show the right
local time across the daylight-saving switch. UIDs are stable (the event's own UUID), so an edited
event updates the entry in a subscriber's calendar instead of adding a second one.
"""

from __future__ import annotations

import datetime
import zoneinfo
from urllib.parse import urljoin

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jv.core.visibility import Visibility

PRODID = "-//VeiligheidsAlliantie Regio Rotterdam//Jeugd en Veiligheid agenda//NL"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, AMSTERDAM)


def event_description(event, base_url: str, organiser_ids=frozenset()) -> str:
    parts = []
    if event.is_example:
        parts.append(_("Example: fictitious date, for illustration only."))
    if event.description:
        parts.append(event.description)
    if event.audience:
        parts.append(_("Audience: %(audience)s") % {"audience": event.audience})
    if event.organiser_id and event.organiser_id in organiser_ids:
        parts.append(_("Organiser: %(name)s") % {"name": event.organiser.name})
    if event.online_url:
        parts.append(_("Online: %(url)s") % {"url": event.online_url})
    if event.visibility != Visibility.PUBLIC:
        parts.append(_("Network members only: please do not share."))
    parts.append(urljoin(base_url, event.get_url()))
    return "\n\n".join(parts)


def build_event(event, base_url: str, organiser_ids=frozenset()) -> icalendar.Event:
    item = icalendar.Event()
    host = urljoin(base_url, "/").split("//", 1)[-1].strip("/").split(":")[0] or "jeugd-en-veiligheid"
    item.add("uid", f"{event.uid}@{host}")
    item.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    item.add("dtstart", _local(event.start))
    item.add("dtend", _local(event.end))
    title = event.title
    if event.is_example:
        label = _("Example")
        title = f"[{label}] {title}"
    item.add("summary", title)
    item.add("description", event_description(event, base_url, organiser_ids))
    location = event.location or (event.online_url and _("Online")) or ""
    if location:
        item.add("location", location)
    item.add("url", urljoin(base_url, event.get_url()))
    item.add("categories", [event.get_kind_display()])
    item.add("class", "PUBLIC" if event.visibility == Visibility.PUBLIC else "PRIVATE")
    item.add("status", "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def build_calendar(events, base_url: str, name: str, user) -> bytes:
    """The calendar for ``user``: the caller decides which events; organisers are named only
    when ``user`` may see that organisation too."""
    from jv.core.visibility import visible
    from jv.network.models import Organisation

    organiser_ids = frozenset(visible(Organisation.objects.all(), user).values_list("pk", flat=True))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for event in events:
        cal.add_component(build_event(event, base_url, organiser_ids))
    cal.add_missing_timezones()
    return cal.to_ical()
