"""The sitemap: an index at /sitemap.xml of one sitemap per section, each read a page at a time."""

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sco_portal.core.models import PublicationStatus
from sco_portal.core.sitemaps import ContentSitemap
from tests.factories import CenterFactory, CountryStatusFactory, EventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
SECTIONS = ["pages", "events", "centers", "statements", "countries", "topics"]


def locations(response, tag="loc"):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.iter(f"{{http://www.sitemaps.org/schemas/sitemap/0.9}}{tag}")]


def test_the_index_names_every_sections_sitemap_and_each_answers(client):
    EventFactory()
    CenterFactory()
    StatementFactory()
    TopicFactory()
    CountryStatusFactory()
    index = locations(client.get("/sitemap.xml"))
    assert index == [f"{HOST}/sitemap-{section}.xml" for section in SECTIONS]
    for sitemap in index:
        assert locations(client.get(sitemap.removeprefix(HOST)))
    assert client.get("/sitemap-no-such-section.xml").status_code == 404


def test_every_published_item_is_listed_once_in_each_language_across_the_pages(client, monkeypatch):
    monkeypatch.setattr(ContentSitemap, "limit", 6)  # two items a page, in three languages
    events = [EventFactory() for _ in range(5)]
    draft = EventFactory(status=PublicationStatus.DRAFT)
    index = locations(client.get("/sitemap.xml"))
    pages = [url for url in index if url.startswith(f"{HOST}/sitemap-events.xml")]
    assert pages == [f"{HOST}/sitemap-events.xml", f"{HOST}/sitemap-events.xml?p=2", f"{HOST}/sitemap-events.xml?p=3"]
    listed = []
    for page in pages:
        listed += locations(client.get(page.removeprefix(HOST)))
    expected = [f"{HOST}{prefix}{event.get_absolute_url()}" for event in events for prefix in ("", "/ru", "/zh-hans")]
    assert sorted(listed) == sorted(expected)
    assert not any(draft.slug in url for url in listed)
    assert client.get("/sitemap-events.xml?p=4").status_code == 404
    assert client.get("/sitemap-events.xml?p=abc").status_code == 404


def test_the_content_sections_carry_their_newest_change(client):
    old, new = EventFactory(), EventFactory()
    index = client.get("/sitemap.xml").content.decode()
    [lastmod] = re.findall(r"sitemap-events\.xml</loc><lastmod>([^<]+)</lastmod>", index)
    assert lastmod == max(old.updated_at, new.updated_at).isoformat()


def test_a_sitemap_page_reads_only_its_own_items(client, monkeypatch):
    monkeypatch.setattr(ContentSitemap, "limit", 6)  # two items a page
    for _ in range(12):
        EventFactory()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap-events.xml?p=3").status_code == 200
    [count, page] = [query["sql"] for query in captured]
    assert "COUNT(" in count.upper()
    assert re.search(r"LIMIT 2 OFFSET 4$", page)
