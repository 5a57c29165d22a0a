from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, Topic


class PortalSitemap(Sitemap):
    """Every page in each language, each entry naming its translations (hreflang, English as x-default)."""

    i18n = True
    alternates = True
    x_default = True


class ContentSitemap(PortalSitemap):
    model = None
    limit = 5000

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class EventSitemap(ContentSitemap):
    model = Event


class CenterSitemap(ContentSitemap):
    model = Center


class StatementSitemap(ContentSitemap):
    model = Statement


class CountrySitemap(PortalSitemap):
    def items(self):
        return Country.objects.in_sco_on().only("slug").order_by("pk")


class TopicSitemap(PortalSitemap):
    def items(self):
        return Topic.objects.only("slug").order_by("pk")


class PageSitemap(PortalSitemap):
    def items(self):
        return ["home", "timeline", "events:list", "centers:list", "statements:list", "taxonomy:country_list",
                "taxonomy:topic_list", "feeds:index"]  # fmt: skip

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "centers": CenterSitemap,
    "statements": StatementSitemap,
    "countries": CountrySitemap,
    "topics": TopicSitemap,
}
