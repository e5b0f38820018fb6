"""/sitemap.xml: public pages only, decided by jv.core.visibility for an anonymous visitor."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page

from jv.core.visibility import visible


class PageSitemap(Sitemap):
    def items(self):
        return visible(Page.objects.filter(depth__gt=1), AnonymousUser()).specific().order_by("path")

    def location(self, page):
        return page.url

    def lastmod(self, page):
        return page.last_published_at


# Every module registers its public objects here from its AppConfig.ready().
SITEMAPS: dict[str, type[Sitemap]] = {"pages": PageSitemap}


def register(name: str, sitemap: type[Sitemap]) -> None:
    SITEMAPS[name] = sitemap
