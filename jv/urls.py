from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from jv.core import routing, sitemaps
from jv.core import views as core_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("api/", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("api/v1/", include("jv.api_urls")),
    path("bronnen/", include("jv.dossier.urls")),
    path("zoeken/", include("jv.search.urls")),
    path("interventies/", include("jv.interventions.urls")),
    path("routekaarten/", include("jv.guides.urls")),
    path("monitor/", include("jv.monitor.urls")),
    path("", include("jv.network.urls")),
    path("", include("jv.region.urls")),
    path("nieuw/", include("jv.upkeep.urls")),
    path("", include("jv.accounts.urls")),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("robots.txt", core_views.robots_txt),
    path("taal/<str:code>/", core_views.switch_language, name="switch_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page view with its site lookup and routing remembered per content version: the
    # same pattern and name as Wagtail's own, less Wagtail's `_util/` URLs (included below).
    re_path(r"^(?!_util/)" + wagtail_urls.serve_pattern.removeprefix("^"), routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "jv.handlers.page_not_found"
handler500 = "jv.handlers.server_error"
