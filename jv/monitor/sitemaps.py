from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class MonitorSitemap(Sitemap):
    """The public dashboard (its numbers follow the disclosure rule for anonymous visitors)."""

    def items(self):
        return ["monitor:dashboard"]

    def location(self, item):
        return reverse(item)
