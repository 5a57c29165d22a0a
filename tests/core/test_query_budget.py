"""Every public page stays within 12 SQL queries however much content there is.

Each page is requested with 10 and then with 500 items in every section; the count must stay
within the budget both times and must not grow with the content (an N+1 query would).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from tests.factories import (
    CenterFactory,
    CountryFactory,
    CountryStatusFactory,
    EventFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

BUDGET = 12


def build(start, stop, taxonomy=None):
    """Items number `start` to `stop - 1` of each section, tagged, sourced and linked like real ones."""
    if taxonomy is None:
        topics = [TopicFactory(slug=f"t{i}", name=f"Topic {i}") for i in range(3)]
        countries = [CountryFactory(slug=f"c{i}", name=f"Land {i}", iso_code=f"Q{i}") for i in range(3)]
        for country in countries:
            CountryStatusFactory(country=country)
        center = CenterFactory(slug="hub", topics=topics, countries=countries, featured=True)
        taxonomy = {"topics": topics, "countries": countries, "source": SourceFactory(), "center": center}
    topics, countries, source, center = (taxonomy[k] for k in ("topics", "countries", "source", "center"))
    for i in range(start, stop):
        event = EventFactory(
            slug=f"event-{i}",
            topics=topics[: 1 + i % 3],
            countries=countries[: 1 + i % 2],
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=i * 7),
        )
        event.sources.add(source)
        event.centers.add(center)
        statement = StatementFactory(slug=f"statement-{i}", event=event, topics=topics[:2], countries=countries[:1])
        statement.sources.add(source)
        statement.centers.add(center)
        CenterFactory(slug=f"center-{i}", topics=topics[:1], countries=countries[:1]).sources.add(source)
    return taxonomy


PAGES = [
    "/",
    "/timeline/",
    "/timeline/?page=2",
    "/timeline/?topic=t0&country=c0",
    "/timeline/?kind=forum&year=2000",
    "/timeline/?q=item",
    "/timeline/?at=event-3",
    "/events/",
    "/events/?topic=t0&year=2000",
    "/events/?country=c1&kind=forum",
    "/events/?q=item+number",
    "/centers/",
    "/centers/?topic=t0&country=c0&year=2001",
    "/statements/",
    "/statements/?topic=t1&q=item",
    "/events/event-3/",
    "/centers/hub/",
    "/centers/center-3/",
    "/statements/statement-3/",
    "/countries/",
    "/countries/c0/",
    "/topics/",
    "/topics/t0/",
    "/search/?q=item",
    "/search/?q=item+number",
    "/feeds/",
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/feeds/latest.json",
    "/feeds/latest.rss?topic=t0&kind=forum",
    "/feeds/events.rss",
    "/feeds/events.atom?country=c0",
    "/feeds/centers.rss",
    "/feeds/centers.atom",
    "/feeds/statements.rss",
    "/feeds/statements.atom",
    "/feeds/topics/t0.rss",
    "/feeds/topics/t0.atom",
    "/feeds/countries/c0.rss",
    "/feeds/countries/c0.atom?year=2000",
    "/events/calendar.ics",
    "/events/calendar.ics?topic=t0",
    "/events/event-3/calendar.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/ru/timeline/",
    "/zh-hans/events/?topic=t0",
]


def count_queries(client):
    counts, failures = {}, []
    # The permalink names a primary key, which depends on what ran before in this database.
    anchor = f"event-{Event.objects.get(slug='event-3').pk}"
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.replace("at=event-3", f"at={anchor}"))
        if response.status_code not in (200, 302):
            failures.append(f"{url}: status {response.status_code}")
        counts[url] = len(queries)
    return counts, failures


@pytest.mark.django_db
def test_every_public_page_stays_within_query_budget_at_10_and_500_items(client):
    taxonomy = build(0, 10)
    small, failures = count_queries(client)
    build(10, 500, taxonomy)
    assert Center.objects.count() == 501
    large, more_failures = count_queries(client)
    failures += more_failures
    for url in PAGES:
        if small[url] > BUDGET or large[url] > BUDGET:
            failures.append(f"{url}: {small[url]} queries with 10 items, {large[url]} with 500 (budget {BUDGET})")
        elif large[url] > small[url]:
            failures.append(f"{url}: {small[url]} queries with 10 items but {large[url]} with 500")
    assert not failures, "\n".join(failures)
