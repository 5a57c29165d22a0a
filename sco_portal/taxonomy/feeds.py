"""Everything about one topic or one country; the other filters (kind, year, q) still apply."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sco_portal.core.feeds import LatestFeed, PortalAtomFeed, full_title, mixed_query


class TopicFeed(LatestFeed):
    def get_object(self, request, slug):
        return mixed_query(request, fixed={"topic": slug})

    def page_url(self, obj):
        return obj.subject.get_absolute_url()

    def description(self, obj):
        return _("Events, initiatives and statements on %(topic)s, newest first by publication.") % {
            "topic": obj.subject
        }


class TopicAtomFeed(TopicFeed):
    feed_type = PortalAtomFeed


class CountryFeed(LatestFeed):
    def get_object(self, request, slug):
        return mixed_query(request, fixed={"country": slug})

    def page_url(self, obj):
        return obj.subject.get_absolute_url()

    def description(self, obj):
        return _("Events, initiatives and statements about %(country)s, newest first by publication.") % {
            "country": obj.subject
        }


class CountryAtomFeed(CountryFeed):
    feed_type = PortalAtomFeed


def topic_feed_links(topic):
    """Autodiscovery context (feed_url, atom_url, feed_title) for a topic's page."""
    return {
        "feed_url": reverse("feeds:topic_rss", kwargs={"slug": topic.slug}),
        "atom_url": reverse("feeds:topic_atom", kwargs={"slug": topic.slug}),
        "feed_title": full_title(_("Everything"), _("on %(topic)s") % {"topic": topic}),
    }


def country_feed_links(country):
    """Autodiscovery context (feed_url, atom_url, feed_title) for a country's page."""
    return {
        "feed_url": reverse("feeds:country_rss", kwargs={"slug": country.slug}),
        "atom_url": reverse("feeds:country_atom", kwargs={"slug": country.slug}),
        "feed_title": full_title(_("Everything"), _("in %(country)s") % {"country": country}),
    }
