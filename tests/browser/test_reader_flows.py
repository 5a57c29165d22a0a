"""What readers do, done the way they do it: clicking through the portal in Chromium."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from tests.browser.pages import COUNTRY, TOPIC

pytestmark = pytest.mark.browser


def test_from_home_through_a_filtered_timeline_to_an_initiative_and_its_feed(site, page):
    event = Event.objects.get(slug="tianjin-tashkent-cargo-train-2025")
    center = Center.objects.get(slug="tianjin-tashkent-rail-link")

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")

    filters = page.locator("form.filters")
    filters.get_by_label("Topic").select_option(label="Transport and logistics")
    filters.get_by_label("Country").select_option(label="Uzbekistan")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(rf"[?&]topic={TOPIC}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]country={COUNTRY}(&|$)"))
    expect(page.get_by_role("status")).to_contain_text("2 results on Transport and logistics in Uzbekistan")
    # The form keeps what the reader chose, and each filter can be removed on its own.
    expect(filters.get_by_label("Topic")).to_have_value(TOPIC)
    expect(filters.get_by_label("Country")).to_have_value(COUNTRY)
    expect(page.get_by_role("list", name="Active filters").get_by_role("link")).to_have_count(2)
    results = page.locator(".list-results h3 a")
    expect(results).to_have_text([center.title, event.title], ignore_case=False)
    feed_href = page.get_by_role("link", name="Follow these results as a feed").get_attribute("href")

    results.filter(has_text=event.title).click()
    expect(page).to_have_url(re.compile(rf"/events/{event.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)

    page.get_by_role("region", name="Related initiatives").get_by_role("link", name=center.title).click()
    expect(page).to_have_url(re.compile(rf"/centers/{center.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(center.title)
    # The initiative's own timeline links back to the event.
    own_timeline = page.get_by_role("region", name="Timeline of this initiative")
    expect(own_timeline.get_by_role("link", name=event.title)).to_be_visible()

    # Back on the filtered timeline, the reader subscribes to exactly what it shows.
    page.go_back()
    page.go_back()
    expect(page.get_by_role("status")).to_contain_text("2 results on Transport and logistics in Uzbekistan")
    advertised = page.locator('head link[rel="alternate"][type="application/rss+xml"]').get_attribute("href")
    assert advertised == feed_href
    # A feed reader fetches the link; a browser would offer to download it.
    response = page.request.get(feed_href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.bozo_exception
    assert "Transport and logistics" in feed.feed.title and "Uzbekistan" in feed.feed.title
    links = {entry.link.removeprefix(site.url) for entry in feed.entries}
    assert {event.get_absolute_url(), center.get_absolute_url()} <= links
    # Everything in the feed matches both filters. (It may hold an initiative that the timeline leaves
    # out because no milestone of it has a known date.)
    items = [
        *Event.objects.filter(slug__in=slugs(links, "events")),
        *Center.objects.filter(slug__in=slugs(links, "centers")),
        *Statement.objects.filter(slug__in=slugs(links, "statements")),
    ]
    assert len(items) == len(links), links
    for item in items:
        assert item.topics.filter(slug=TOPIC).exists() and item.countries.filter(slug=COUNTRY).exists(), item


def slugs(paths, section):
    return [path.split("/")[2] for path in paths if path.startswith(f"/{section}/")]


def test_search_from_the_header_and_open_a_result(site, page):
    event = Event.objects.get(slug="kazakhstan-luban-workshop-training-begins")

    page.goto("/topics/")
    search = page.get_by_role("search").get_by_role("searchbox", name="Search the portal")
    search.fill("Luban Kazakhstan")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Luban\+Kazakhstan$"))
    expect(page.get_by_role("status")).to_have_text(re.compile(r"\d+ results? for “Luban Kazakhstan”"))
    # Every word must match, and the matches are marked.
    result = page.locator(".search-results h3 a").filter(has_text=event.title)
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text(re.compile("Luban|Kazakhstan"))
    expect(page.locator(".search-results h3 a").filter(has_text="Pakistan")).to_have_count(0)

    result.click()
    expect(page).to_have_url(re.compile(rf"/events/{event.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)


def test_search_with_no_results_says_so_and_offers_a_way_on(site, page):
    page.goto("/search/")
    page.get_by_label("Words to find").fill("zzyzx")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("0 results for “zzyzx”")
    expect(page.get_by_role("heading", name="No matches")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Topics").click()
    expect(page).to_have_url(re.compile(r"/topics/$"))
