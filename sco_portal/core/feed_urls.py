"""Feed addresses (a contract with subscribers). The feeds issue fills these in."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "feeds"

urlpatterns = [
    path("", TemplateView.as_view(template_name="core/feeds.html"), name="index"),
    path("latest.rss", TemplateView.as_view(template_name="core/feeds.html"), name="latest_rss"),
    path("events.rss", TemplateView.as_view(template_name="core/feeds.html"), name="events_rss"),
    path("centers.rss", TemplateView.as_view(template_name="core/feeds.html"), name="centers_rss"),
    path("statements.rss", TemplateView.as_view(template_name="core/feeds.html"), name="statements_rss"),
]
