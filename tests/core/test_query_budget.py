"""Every public page stays within 12 SQL queries however much content there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
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


def build(n):
    topics = [TopicFactory(slug=f"t{i}", name=f"Topic {i}") for i in range(3)]
    countries = [CountryFactory(slug=f"c{i}", name=f"Land {i}", iso_code=f"Q{i}") for i in range(3)]
    for c in countries:
        CountryStatusFactory(country=c)
    source = SourceFactory()
    center = CenterFactory(topics=topics, countries=countries, featured=True)
    for i in range(n):
        e = EventFactory(
            topics=topics[: 1 + i % 3],
            countries=countries[: 1 + i % 2],
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=i * 7),
        )
        e.sources.add(source)
        e.centers.add(center)
        s = StatementFactory(event=e, topics=topics[:2], countries=countries[:1])
        s.centers.add(center)
        CenterFactory(topics=topics[:1], countries=countries[:1])
    return {"event": Event.objects.last(), "center": center, "statement": Statement.objects.last()}


def pages(objs):
    return [
        "/",
        "/timeline/",
        "/timeline/?topic=t0&country=c0",
        "/timeline/?page=2",
        "/events/",
        "/events/?topic=t0&year=2000",
        "/centers/",
        "/statements/",
        objs["event"].get_absolute_url(),
        objs["center"].get_absolute_url(),
        objs["statement"].get_absolute_url(),
        "/countries/",
        "/countries/c0/",
        "/topics/",
        "/topics/t0/",
        "/search/?q=item",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 500])
def test_every_public_page_stays_within_query_budget(client, n):
    objs = build(n)
    assert Center.objects.count() == n + 1
    for url in pages(objs):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= BUDGET, f"{url}: {len(queries)} queries"
