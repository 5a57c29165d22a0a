"""The sitemap: /sitemap.xml is an index of one sitemap per section (/sitemap-events.xml, ...), each in
pages (?p=2) of at most `ContentSitemap.limit` addresses, so the archive can grow without limit."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, Topic


class PortalSitemap(Sitemap):
    """Every page in each language, each entry naming its translations (hreflang, English as x-default)."""

    i18n = True
    alternates = True
    x_default = True


class InEveryLanguage(Sequence):
    """(item, language) pairs of a queryset, as Django's sitemaps paginate them, read a page at a time.

    Django lists every item in every language in memory before taking one page of them, which at
    100,000 items costs seconds a page."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, languages

    @cached_property
    def item_count(self):
        return self.queryset.count()

    def __len__(self):
        return self.item_count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.languages)
        first = start // per_item
        items = self.queryset[first : -(-stop // per_item)] if stop > start else []
        pairs = [(item, language) for item in items for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item]


class ContentSitemap(PortalSitemap):
    model = None
    limit = 1500  # addresses a page: 500 items in three languages, rendered in well under a second

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    @property
    def paginator(self):
        return Paginator(InEveryLanguage(self.items(), self._languages()), self.limit)

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


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
