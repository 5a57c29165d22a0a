from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from sco_portal.core import health, preview, views
from sco_portal.core.feeds import read_only
from sco_portal.core.sitemaps import SITEMAPS

SITEMAP_OPTIONS = {"sitemaps": SITEMAPS, "content_type": "application/xml; charset=utf-8"}


urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of each section's sitemap (sco_portal/core/sitemaps.py), in UTF-8 as they say.
    path(
        "sitemap.xml",
        read_only(sitemaps.index),
        {**SITEMAP_OPTIONS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", read_only(sitemaps.sitemap), SITEMAP_OPTIONS, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("events/", include("sco_portal.events.urls")),
    path("centers/", include("sco_portal.centers.urls")),
    path("statements/", include("sco_portal.statements.urls")),
    path("feeds/", include("sco_portal.core.feed_urls")),
    path("preview/<str:section>/<int:pk>/", preview.preview, name="preview"),
    path("", include("sco_portal.taxonomy.urls")),
    prefix_default_language=False,
)
