"""Archive-wide counts are kept in the cache (core/counts.py) and never outlive the content they count;
the timeline reads each section only up to the page it shows, and still shows the same entries."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sco_portal.core import timeline
from sco_portal.core.cache import page_cache
from sco_portal.core.models import PublicationStatus
from tests.factories import CenterFactory, EventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

counts_on = override_settings(PORTAL_PAGE_CACHE_SECONDS=0, PORTAL_COUNT_CACHE_SECONDS=600)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@counts_on
def test_a_list_counts_once_until_an_item_is_saved(client):
    EventFactory.create_batch(3)
    first, first_queries = queries_for(client, "/events/")
    again, again_queries = queries_for(client, "/events/")
    assert first.context["paginator"].count == again.context["paginator"].count == 3
    # Neither the count nor the look-up of the next scheduled publication (how long it stays true) again.
    assert again_queries == first_queries - 2
    EventFactory()
    assert client.get("/events/").context["paginator"].count == 4


@counts_on
def test_unpublishing_or_deleting_updates_the_timeline_counts(client):
    events = EventFactory.create_batch(3, start_date=datetime.date(2024, 5, 1))
    assert client.get("/timeline/").context["paginator"].count == 3
    events[0].status = PublicationStatus.DRAFT
    events[0].save()
    events[1].delete()
    response = client.get("/timeline/")
    assert response.context["paginator"].count == 1
    assert response.context["year_index"] == [{"year": 2024, "count": 1, "page": 1, "href": "?page=1"}]


@counts_on
def test_a_count_is_kept_no_longer_than_until_the_next_scheduled_publication(client):
    EventFactory()
    EventFactory(publish_at=timezone.now() + datetime.timedelta(minutes=5))
    cache = page_cache()
    with mock.patch.object(type(cache), "set", autospec=True, side_effect=type(cache).set) as stored:
        assert client.get("/events/?topic=").context["paginator"].count == 1
    timeouts = [call.args[3] if len(call.args) > 3 else call.kwargs["timeout"] for call in stored.call_args_list]
    assert timeouts and all(0 < timeout <= 300 for timeout in timeouts)


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0, PORTAL_COUNT_CACHE_SECONDS=0)
def test_with_the_count_cache_off_every_request_counts(client):
    EventFactory.create_batch(2)
    _first, first_queries = queries_for(client, "/events/")
    _again, again_queries = queries_for(client, "/events/")
    assert again_queries == first_queries


@pytest.mark.parametrize("filters", [{}, {"topic": "t"}, {"year": "2021"}])
def test_each_timeline_page_holds_the_same_entries_as_the_whole_stream_cut_into_pages(client, filters):
    topic = TopicFactory(slug="t")
    start = datetime.date(2020, 1, 1)
    for i in range(45):
        day = start + datetime.timedelta(days=(i * 37) % 900)
        EventFactory(start_date=day, topics=[topic] if i % 2 else [])
        StatementFactory(issued_on=day, topics=[topic] if i % 3 else [])
        if i % 3 == 0:
            CenterFactory(proposed_on=day, launched_on=day + datetime.timedelta(days=40), topics=[topic])
    cleaned = {"topic": topic} if "topic" in filters else {k: v for k, v in filters.items()}
    stream = [row[:3] for row in timeline.timeline_rows(cleaned)]
    pages = [stream[i : i + 20] for i in range(0, len(stream), 20)]
    assert len(pages) >= 2
    for number, expected in enumerate(pages, start=1):
        response = client.get("/timeline/", {**filters, "page": number})
        assert [(e.pk, e.section, e.milestone) for e in response.context["entries"]] == expected
    assert response.context["paginator"].count == len(stream)


def chart_of(response):
    html = response.content.decode()
    return html[html.index('<figure class="chart">') : html.index("</figure>")]


@counts_on
def test_the_timeline_chart_is_kept_with_its_counts_in_each_language_until_the_content_changes(client):
    EventFactory(start_date=datetime.date(2024, 5, 1))
    english = chart_of(client.get("/timeline/"))
    assert "2024: 1 event." in english and ">Events</li>" in english
    russian = chart_of(client.get("/ru/timeline/"))
    assert "2024: 1 событие." in russian and ">События</li>" in russian
    with mock.patch.object(timeline, "activity_chart", wraps=timeline.activity_chart) as drawn:
        assert chart_of(client.get("/timeline/?page=1")) == english  # kept, and the same for every page
        assert drawn.call_count == 0
        EventFactory(start_date=datetime.date(2024, 6, 1))
        assert "2024: 2 events." in chart_of(client.get("/timeline/"))
        assert drawn.call_count == 1
    assert "2024: 2 события." in chart_of(client.get("/ru/timeline/"))


@counts_on
def test_each_filter_has_its_own_chart(client):
    topic = TopicFactory(slug="t")
    EventFactory(start_date=datetime.date(2023, 5, 1), topics=[topic])
    EventFactory(start_date=datetime.date(2024, 5, 1))
    assert "2024" not in chart_of(client.get("/timeline/?topic=t")).split("<desc")[1].split("</desc>")[0]
    assert "2024: 1 event." in chart_of(client.get("/timeline/"))
