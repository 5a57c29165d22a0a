"""Feed addresses: a contract with subscribers, whose readers poll them for years. Never rename a path."""

from django.urls import path

from sco_portal.centers.feeds import CenterAtomFeed, CenterFeed
from sco_portal.core.feeds import FeedIndexView, LatestAtomFeed, LatestFeed, LatestJsonFeed
from sco_portal.core.former_addresses import follows_former_slug
from sco_portal.events.feeds import EventAtomFeed, EventFeed
from sco_portal.statements.feeds import StatementAtomFeed, StatementFeed
from sco_portal.taxonomy.feeds import CountryAtomFeed, CountryFeed, TopicAtomFeed, TopicFeed
from sco_portal.taxonomy.models import Country, Topic

app_name = "feeds"

urlpatterns = [
    path("", FeedIndexView.as_view(), name="index"),
    path("latest.rss", LatestFeed(), name="latest_rss"),
    path("latest.atom", LatestAtomFeed(), name="latest_atom"),
    path("latest.json", LatestJsonFeed(), name="latest_json"),
    path("events.rss", EventFeed(), name="events_rss"),
    path("events.atom", EventAtomFeed(), name="events_atom"),
    path("centers.rss", CenterFeed(), name="centers_rss"),
    path("centers.atom", CenterAtomFeed(), name="centers_atom"),
    path("statements.rss", StatementFeed(), name="statements_rss"),
    path("statements.atom", StatementAtomFeed(), name="statements_atom"),
    path("topics/<slug:slug>.rss", follows_former_slug(Topic)(TopicFeed()), name="topic_rss"),
    path("topics/<slug:slug>.atom", follows_former_slug(Topic)(TopicAtomFeed()), name="topic_atom"),
    path("countries/<slug:slug>.rss", follows_former_slug(Country)(CountryFeed()), name="country_rss"),
    path("countries/<slug:slug>.atom", follows_former_slug(Country)(CountryAtomFeed()), name="country_atom"),
]
