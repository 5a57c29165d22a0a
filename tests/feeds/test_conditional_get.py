"""Conditional GET: readers that poll get 304 until something they can see changes, then the new feed."""

import datetime
import time

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from sco_portal.core.cache import CHANGED_AT_KEY, page_cache, state_cache
from sco_portal.core.models import PublicationStatus
from tests.feeds import helpers as h

pytestmark = pytest.mark.django_db

URLS = [
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/feeds/latest.json",
    "/feeds/events.rss",
    "/feeds/events.atom?topic=artificial-intelligence",
    "/feeds/topics/artificial-intelligence.rss",
    "/feeds/countries/kazakhstan.atom",
    "/events/calendar.ics",
    "/events/calendar.ics?country=kazakhstan",
    "/ru/feeds/latest.rss",
]


@pytest.fixture
def long_ago():
    """Published content last touched a day ago, so any change now moves Last-Modified by whole seconds."""
    ai, kz = h.topic(), h.country()
    day_ago = timezone.now() - datetime.timedelta(days=1)
    items = [
        h.event(topics=[ai], countries=[kz], slug="astana-forum"),
        h.center(topics=[ai], countries=[kz]),
        h.statement(topics=[ai], countries=[kz]),
    ]
    items = [h.set_times(item, publish_at=day_ago - datetime.timedelta(hours=1), updated_at=day_ago) for item in items]
    nothing_changed_since(day_ago)
    return items


def nothing_changed_since(moment):
    """As if the site's last change (core.cache.last_content_change) had been at `moment`."""
    state_cache().set(f"{CHANGED_AT_KEY}:*", moment.timestamp(), timeout=None)
    for label in ("taxonomy", "core", "events", "centers", "statements"):
        state_cache().set(f"{CHANGED_AT_KEY}:{label}", moment.timestamp(), timeout=None)


def poll(client, url, response):
    """Ask again the way a feed reader does, with the validators of the copy it has."""
    return client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])


@pytest.mark.parametrize("url", URLS)
def test_feeds_send_etag_and_last_modified(client, long_ago, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(long_ago[0].updated_at.timestamp())


@pytest.mark.parametrize("url", URLS)
def test_if_none_match_gets_304_with_empty_body(client, long_ago, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", URLS)
def test_if_modified_since_gets_304_with_empty_body(client, long_ago, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("url", URLS)
def test_an_edit_invalidates_both_validators(client, long_ago, url):
    first = client.get(url)
    event = long_ago[0]
    event.summary = "Corrected summary."
    event.save()
    for headers in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        again = client.get(url, **headers)
        assert again.status_code == 200, headers
        assert b"Corrected summary." in again.content
    assert client.get(url)["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", URLS)
def test_a_scheduled_item_invalidates_the_feed_when_it_falls_due_without_any_row_changing(client, long_ago, url):
    ai, kz = h.topic(), h.country()
    scheduled = h.event(
        title="Scheduled forum", topics=[ai], countries=[kz], publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    # Written long ago and scheduled; nothing about the row will change when its time comes.
    h.set_times(scheduled, updated_at=long_ago[0].updated_at - datetime.timedelta(days=1))
    nothing_changed_since(long_ago[0].updated_at)
    first = client.get(url)
    assert b"Scheduled forum" not in first.content
    assert poll(client, url, first).status_code == 304
    # Time passes: simulate by moving publish_at to just before now (the only thing that differs).
    h.set_times(scheduled, publish_at=timezone.now() - datetime.timedelta(seconds=2))
    for headers in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        again = client.get(url, **headers)
        assert again.status_code == 200, headers
        assert b"Scheduled forum" in again.content


@pytest.mark.parametrize("url", URLS)
def test_publishing_a_draft_invalidates_the_feed(client, long_ago, url):
    ai, kz = h.topic(), h.country()
    draft = h.event(title="Draft forum", topics=[ai], countries=[kz], status=PublicationStatus.DRAFT)
    first = client.get(url)
    assert b"Draft forum" not in first.content
    draft.status = PublicationStatus.PUBLISHED
    draft.publish_at = timezone.now()
    draft.save()
    again = poll(client, url, first)
    assert again.status_code == 200
    assert b"Draft forum" in again.content


@pytest.mark.parametrize("url", URLS)
def test_unpublishing_or_deleting_changes_the_etag(client, long_ago, url):
    first = client.get(url)
    event = long_ago[0]
    type(event).objects.filter(pk=event.pk).update(status=PublicationStatus.DRAFT)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert b"astana-forum" not in second.content
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    long_ago[1].delete()
    long_ago[2].delete()
    third = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    if "events" in url.split("?")[0]:  # events only: deleting an initiative and a statement changes nothing
        assert third.status_code == 304
    else:
        assert third.status_code == 200


def test_etag_differs_by_filters_language_and_format(client, long_ago):
    etags = {
        client.get(url)["ETag"]
        for url in (
            "/feeds/latest.rss",
            "/feeds/latest.atom",
            "/feeds/latest.json",
            "/ru/feeds/latest.rss",
            "/feeds/latest.rss?topic=artificial-intelligence",
            "/feeds/latest.rss?country=kazakhstan",
        )
    }
    assert len(etags) == 6


def test_unknown_parameters_do_not_change_the_etag(client, long_ago):
    first = client.get("/feeds/events.rss")
    again = client.get("/feeds/events.rss?utm_source=reader", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_one_events_ics_is_conditional_too(client, long_ago):
    url = "/events/astana-forum/calendar.ics"
    first = client.get(url)
    assert first.status_code == 200
    assert poll(client, url, first).status_code == 304
    event = long_ago[0]
    event.title = "Astana forum, renamed"
    event.save()
    again = poll(client, url, first)
    assert again.status_code == 200
    assert b"Astana forum\\, renamed" in again.content


def test_an_empty_feed_has_an_etag_and_answers_304(client, db):
    first = client.get("/feeds/latest.rss")
    assert first.status_code == 200
    assert client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_304_costs_no_item_queries(client, long_ago, django_assert_max_num_queries):
    first = client.get("/feeds/latest.rss")
    with django_assert_max_num_queries(3):  # one aggregate per section, nothing else
        assert poll(client, "/feeds/latest.rss", first).status_code == 304


@pytest.mark.parametrize(
    "url", ["/feeds/latest.rss", "/feeds/events.atom", "/events/calendar.ics", "/ru/feeds/latest.json"]
)
def test_a_deletion_is_news_to_a_reader_polling_with_if_modified_since_only(client, long_ago, url):
    """The items left are all older than the reader's copy: only the time of the deletion itself can tell it."""
    first = client.get(url)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    long_ago[0].delete()
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert b"astana-forum" not in again.content
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])


@pytest.mark.parametrize(
    "url", ["/feeds/latest.rss", "/feeds/events.rss?topic=artificial-intelligence", "/events/calendar.ics"]
)
def test_renaming_a_topic_or_country_is_news_to_readers(client, long_ago, url):
    first = client.get(url)
    topic = long_ago[0].topics.get()
    topic.name = "Machine intelligence"
    topic.save()
    again = poll(client, url, first)
    assert again.status_code == 200
    assert b"Machine intelligence" in again.content
    country = long_ago[0].countries.get()
    country.name = "Kazakhstan (renamed)"
    country.save()
    assert poll(client, url, again).status_code == 200


def test_deleting_an_initiative_is_not_news_to_the_events_feed(client, long_ago):
    first = client.get("/feeds/events.rss")
    long_ago[1].delete()
    assert poll(client, "/feeds/events.rss", first).status_code == 304


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/latest.atom", "/feeds/events.rss?q=zzzqqq"])
def test_an_empty_feed_is_the_same_feed_each_time(client, db, url):
    """Its date is the site's last change, not the moment of the request, so its validators stay true."""
    first = client.get(url)
    time.sleep(1.1)  # "now" would be another second
    later = client.get(url)
    assert first.content == later.content
    assert first["Last-Modified"] == later["Last-Modified"]


@pytest.mark.parametrize("url", [*URLS[:3], "/events/calendar.ics", "/events/", "/events/astana-forum/"])
def test_head_has_gets_validators_and_answers_a_conditional_head_with_304(client, long_ago, url):
    page_cache().clear()  # a HEAD that misses the page cache as well as one it answers
    head = client.head(url)
    got = client.get(url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head.get("Last-Modified") == got.get("Last-Modified")
    assert client.head(url, HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304
    assert client.head(url).status_code == 200


def test_if_unmodified_since_is_ignored_where_a_page_has_no_modification_date(client, long_ago):
    """RFC 9110, 13.1.4: a recipient must ignore If-Unmodified-Since when the resource has no modification date."""
    page = client.get("/events/", HTTP_IF_UNMODIFIED_SINCE=http_date(time.time() - 86400 * 400))
    assert page.status_code == 200 and "Last-Modified" not in page
    feed = client.get("/feeds/latest.rss", HTTP_IF_UNMODIFIED_SINCE=http_date(time.time() - 86400 * 400))
    assert feed.status_code == 412  # a feed has one, and it is later than that


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/events.rss?q=zzzqqq", "/events/calendar.ics"])
def test_a_flood_of_cached_pages_does_not_reset_the_validators(client, long_ago, url, settings):
    """The generation and the last changes live in their own cache: a crawler filling the page cache (a
    local-memory cache culls a third of its keys whenever it holds 300) leaves subscribers their 304s."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    first = client.get(url)
    flooded = page_cache()
    for n in range(400):
        flooded.set(f"crawler-{n}", "x" * 10)
    time.sleep(1.1)  # a validator taken from "now" would be another second
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
