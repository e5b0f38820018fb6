from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from jv.core.visibility import visible
from jv.dossier.models import Resource


class ResourceSitemap(Sitemap):
    def items(self):
        return visible(Resource.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, resource):
        return resource.last_published_at
