from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from jv.core.visibility import visible
from jv.interventions.models import Intervention


class InterventionSitemap(Sitemap):
    def items(self):
        return visible(Intervention.objects.all(), AnonymousUser()).order_by("slug")

    def lastmod(self, intervention):
        return intervention.last_published_at


class InterventionPagesSitemap(Sitemap):
    """The fixed public pages of the interventiewijzer."""

    def items(self):
        return ["interventions:list", "interventions:factors", "interventions:conversation_aid"]

    def location(self, name):
        return reverse(name)
