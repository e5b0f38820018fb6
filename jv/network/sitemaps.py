"""Public organisations and events for /sitemap.xml (never contacts, never members-only items)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from jv.core.visibility import visible
from jv.network.models import Event, Organisation


class OrganisationSitemap(Sitemap):
    def items(self):
        return visible(Organisation.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, organisation):
        return organisation.last_published_at


class EventSitemap(Sitemap):
    def items(self):
        return visible(Event.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, event):
        return event.updated_at
