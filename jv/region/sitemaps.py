"""Public gemeenten, agreements and signalen for /sitemap.xml (never members-only items)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from jv.core.visibility import visible
from jv.region.models import Agreement, Gemeente, Signal


class GemeenteSitemap(Sitemap):
    def items(self):
        return visible(Gemeente.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, gemeente):
        return gemeente.last_published_at


class AgreementSitemap(Sitemap):
    def items(self):
        return visible(Agreement.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, agreement):
        return agreement.last_published_at


class SignalSitemap(Sitemap):
    def items(self):
        return visible(Signal.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, signal):
        return signal.last_published_at
