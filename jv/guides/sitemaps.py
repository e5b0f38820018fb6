from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from jv.core.visibility import visible
from jv.guides.models import Guide


class GuideSitemap(Sitemap):
    def items(self):
        return visible(Guide.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, guide):
        return guide.last_published_at
