"""RSS, Atom and JSON feeds: contract URLs, items, filters, visibility, bad input, query counts."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.utils.safestring import mark_safe

from sco_portal.core.feeds import MAX_ITEMS
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import EventKind
from sco_portal.statements.models import StatementKind
from tests.feeds import helpers as h

pytestmark = pytest.mark.django_db

RSS_URLS = ["/feeds/latest.rss", "/feeds/events.rss", "/feeds/centers.rss", "/feeds/statements.rss"]
ATOM_URLS = ["/feeds/latest.atom", "/feeds/events.atom", "/feeds/centers.atom", "/feeds/statements.atom"]
TOPIC_URLS = ["/feeds/topics/artificial-intelligence.rss", "/feeds/topics/artificial-intelligence.atom"]
COUNTRY_URLS = ["/feeds/countries/kazakhstan.rss", "/feeds/countries/kazakhstan.atom"]
ALL_XML_URLS = RSS_URLS + ATOM_URLS + TOPIC_URLS + COUNTRY_URLS


@pytest.fixture
def content():
    ai, kz = h.topic(), h.country()
    return {
        "topic": ai,
        "country": kz,
        "event": h.event(
            topics=[ai], countries=[kz], hosts="Ministry of Digital Development", publish_at=h.hours_ago(3)
        ),
        "center": h.center(topics=[ai], countries=[kz], host_organization="Astana Hub", publish_at=h.hours_ago(2)),
        "statement": h.statement(topics=[ai], countries=[kz], publish_at=h.hours_ago(1)),
    }


def entries_by_link(feed):
    return {entry.link: entry for entry in feed.entries}


@pytest.mark.parametrize("url", ALL_XML_URLS)
def test_every_feed_parses_without_errors(client, content, url):
    response = client.get(url)
    feed = h.parse(response)
    expected = "rss20" if url.endswith(".rss") else "atom10"
    assert feed.version == expected
    assert response["Content-Type"].startswith(
        "application/rss+xml" if url.endswith(".rss") else "application/atom+xml"
    )
    assert feed.entries, url
    assert feed.feed.title.startswith("SCO Cooperation Portal — ")


@pytest.mark.parametrize(
    ("url", "sections"),
    [
        ("/feeds/latest.rss", {"events", "centers", "statements"}),
        ("/feeds/events.rss", {"events"}),
        ("/feeds/centers.atom", {"centers"}),
        ("/feeds/statements.rss", {"statements"}),
    ],
)
def test_feed_holds_its_sections_items(client, content, url, sections):
    feed = h.parse(client.get(url))
    assert {entry.link.split("/")[3] for entry in feed.entries} == sections


def test_latest_feed_mixes_sections_newest_first_by_publish_time(client, content):
    feed = h.parse(client.get("/feeds/latest.rss"))
    links = [entry.link for entry in feed.entries]
    assert links == ["http://testserver" + content[key].get_absolute_url() for key in ("statement", "center", "event")]


def test_rss_item_carries_every_field(client, content):
    event = content["event"]
    response = client.get("/feeds/events.rss")
    xml = response.content.decode()
    entry = h.parse(response).entries[0]
    assert entry.title == event.title
    assert entry.link == f"http://testserver/events/{event.slug}/"
    assert entry.id == f"tag:sco-portal.example,2025:event/{event.pk}"
    assert f'<guid isPermaLink="false">tag:sco-portal.example,2025:event/{event.pk}</guid>' in xml
    assert entry.author == "Ministry of Digital Development"
    assert [tag.term for tag in entry.tags] == ["Artificial intelligence"]
    assert entry.summary == event.summary
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == event.publish_at.replace(
        microsecond=0
    )
    assert "<strong>bold</strong>" in entry.content[0].value
    assert event.body_html in entry.content[0].value
    assert 'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in xml


def test_atom_entry_has_summary_content_dates_and_author(client, content):
    statement = content["statement"]
    entry = h.parse(client.get("/feeds/statements.atom")).entries[0]
    assert entry.id == f"tag:sco-portal.example,2025:statement/{statement.pk}"
    assert entry.summary == statement.summary
    assert entry.content[0].type == "text/html"
    assert statement.body_html in entry.content[0].value
    assert entry.author == "Council of Heads of State"
    published = datetime.datetime.fromisoformat(entry.published)
    updated = datetime.datetime.fromisoformat(entry.updated)
    assert published.tzinfo is not None and updated.tzinfo is not None
    assert published == statement.publish_at
    # No change note yet: readers were last told of the item when it was published.
    assert updated == statement.last_public_change == statement.publish_at


def test_item_without_issuer_or_host_is_credited_to_the_portal(client):
    from django.conf import settings
    from django.utils import translation

    h.center(host_organization="")
    entry = h.parse(client.get("/feeds/centers.atom")).entries[0]
    assert entry.author == "SCO Cooperation Portal"
    for language in ("ru", "zh-hans"):  # the portal's name in the feed's language
        with translation.override(language):
            name = str(settings.PORTAL_NAME)
        assert name != "SCO Cooperation Portal"
        for url in (f"/{language}/feeds/centers.atom", f"/{language}/feeds/latest.rss"):
            assert h.parse(client.get(url)).entries[0].author == name


def test_titles_are_plain_text_not_double_escaped(client):
    h.event(title="Science & technology <forum>")
    for url in ("/feeds/events.rss", "/feeds/events.atom"):
        assert h.parse(client.get(url)).entries[0].title == "Science & technology <forum>"
    data = json.loads(client.get("/feeds/latest.json").content)
    assert data["items"][0]["title"] == "Science & technology <forum>"


@pytest.mark.parametrize("url", ALL_XML_URLS)
def test_every_item_link_answers_200(client, content, url):
    feed = h.parse(client.get(url))
    for entry in feed.entries:
        assert client.get(entry.link.removeprefix("http://testserver")).status_code == 200, entry.link


def test_ids_stay_the_same_after_an_edit_and_a_slug_change(client, content):
    before = {e.id for e in h.parse(client.get("/feeds/latest.atom")).entries}
    for key in ("event", "center", "statement"):
        item = content[key]
        item.title = "Renamed " + item.title
        item.slug = "renamed-" + item.slug
        item.body = "A new body."
        item.save()
    after = h.parse(client.get("/feeds/latest.atom")).entries
    assert {e.id for e in after} == before
    assert all("/renamed-" in e.link for e in after)
    assert {e.id for e in h.parse(client.get("/feeds/latest.rss")).entries} == before


def test_filtered_feed_holds_only_matching_items_and_says_so(client, content):
    other_topic = h.topic("Energy", "energy")
    other_country = h.country("India", "india", "IN")
    h.event(topics=[other_topic], countries=[content["country"]])
    h.event(topics=[content["topic"]], countries=[other_country])
    h.event()
    feed = h.parse(client.get("/feeds/events.rss?topic=artificial-intelligence&country=kazakhstan"))
    assert feed.feed.title == "SCO Cooperation Portal — Events on Artificial intelligence in Kazakhstan"
    assert [e.link for e in feed.entries] == ["http://testserver" + content["event"].get_absolute_url()]
    assert feed.feed.link == "http://testserver/events/?topic=artificial-intelligence&country=kazakhstan"


def test_kind_year_and_words_filters(client, content):
    summit = h.event(kind=EventKind.SUMMIT, title="Tianjin summit", start_date=datetime.date(2025, 9, 1))
    h.event(kind=EventKind.SUMMIT, title="Astana summit", start_date=datetime.date(2024, 7, 4))
    feed = h.parse(client.get("/feeds/events.atom?kind=summit&year=2025"))
    assert [e.title for e in feed.entries] == [summit.title]
    assert feed.feed.title == "SCO Cooperation Portal — Events: Summit in 2025"
    feed = h.parse(client.get("/feeds/events.atom?q=tianjin"))
    assert [e.title for e in feed.entries] == [summit.title]
    assert "“tianjin”" in feed.feed.title


def test_latest_feed_takes_the_timeline_filters(client, content):
    h.statement(kind=StatementKind.SPEECH, title="A speech")
    feed = h.parse(client.get("/feeds/latest.rss?kind=speech"))
    assert [e.title for e in feed.entries] == ["A speech"]
    feed = h.parse(client.get("/feeds/latest.rss?country=kazakhstan"))
    assert len(feed.entries) == 3
    assert feed.feed.title == "SCO Cooperation Portal — Everything in Kazakhstan"


def test_topic_and_country_feeds_hold_only_their_items(client, content):
    h.event(topics=[h.topic("Energy", "energy")], countries=[h.country("India", "india", "IN")])
    topic_feed = h.parse(client.get("/feeds/topics/artificial-intelligence.rss"))
    assert len(topic_feed.entries) == 3
    assert topic_feed.feed.title == "SCO Cooperation Portal — Everything on Artificial intelligence"
    assert topic_feed.feed.link == "http://testserver/topics/artificial-intelligence/"
    country_feed = h.parse(client.get("/feeds/countries/kazakhstan.atom"))
    assert len(country_feed.entries) == 3
    assert country_feed.feed.title == "SCO Cooperation Portal — Everything in Kazakhstan"
    india = h.parse(client.get("/feeds/countries/india.atom"))
    assert len(india.entries) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/topics/no-such-topic.rss",
        "/feeds/topics/no-such-topic.atom",
        "/feeds/countries/atlantis.rss",
        "/feeds/countries/atlantis.atom",
    ],
)
def test_unknown_topic_or_country_is_404(client, content, url):
    assert client.get(url).status_code == 404


def test_drafts_and_scheduled_items_never_appear_until_due(client, content):
    draft = h.event(status=PublicationStatus.DRAFT, title="Draft event")
    scheduled = h.event(publish_at=timezone.now() + datetime.timedelta(days=1), title="Scheduled event")
    hidden_statement = h.statement(publish_at=timezone.now() + datetime.timedelta(hours=2), title="Later statement")
    for url in ALL_XML_URLS + ["/feeds/latest.json"]:
        body = client.get(url).content.decode()
        for title in ("Draft event", "Scheduled event", "Later statement"):
            assert title not in body, (url, title)
    h.set_times(scheduled, publish_at=timezone.now() - datetime.timedelta(seconds=5))
    h.set_times(hidden_statement, publish_at=timezone.now() - datetime.timedelta(seconds=5))
    titles = [e.title for e in h.parse(client.get("/feeds/latest.rss")).entries]
    assert titles[:2] == ["Later statement", "Scheduled event"] or titles[:2] == ["Scheduled event", "Later statement"]
    assert draft.title not in titles


def test_feed_stops_at_fifty_newest_items(client):
    now = timezone.now()
    events = [h.event(publish_at=now - datetime.timedelta(minutes=i + 1)) for i in range(MAX_ITEMS + 5)]
    feed = h.parse(client.get("/feeds/events.rss"))
    assert len(feed.entries) == MAX_ITEMS >= 20
    assert [e.link for e in feed.entries] == [
        "http://testserver" + event.get_absolute_url() for event in events[:MAX_ITEMS]
    ]


def test_the_mixed_feed_holds_the_fifty_newest_of_all_sections_in_order(client):
    now = timezone.now()
    makers = [h.event, h.center, h.statement, h.event, h.statement]  # sections interleaved, unevenly
    items = [makers[i % len(makers)](publish_at=now - datetime.timedelta(minutes=i + 1)) for i in range(MAX_ITEMS + 20)]
    feed = h.parse(client.get("/feeds/latest.rss"))
    expected = ["http://testserver" + item.get_absolute_url() for item in items[:MAX_ITEMS]]
    assert [e.link for e in feed.entries] == expected


def build(n):
    ai, kz = h.topic(), h.country()
    energy = h.topic("Energy", "energy")
    for _ in range(n):
        h.event(topics=[ai, energy], countries=[kz], hosts="Host")
        h.center(topics=[ai], countries=[kz])
        h.statement(topics=[energy, ai], countries=[kz])


# (url, query budget, sections in the feed)
QUERY_URLS = [
    ("/feeds/latest.rss", 6, 3),
    ("/feeds/latest.json", 6, 3),
    ("/feeds/events.atom?topic=artificial-intelligence&country=kazakhstan", 6, 1),
    ("/feeds/centers.rss", 4, 1),
    ("/feeds/statements.atom", 4, 1),
    ("/feeds/topics/artificial-intelligence.rss", 7, 3),
    ("/feeds/countries/kazakhstan.atom", 7, 3),
]


@pytest.mark.parametrize(("url", "budget", "sections"), QUERY_URLS)
def test_feed_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, url, budget, sections):
    counts, built = [], 0
    for total in (5, 30):
        build(total - built)
        built = total
        with django_assert_max_num_queries(budget) as captured:
            response = client.get(url)
        counts.append(len(captured))
        if url.endswith(".json"):  # feedparser 6.0 reads no JSON Feed
            items = json.loads(response.content)["items"]
        else:
            items = h.parse(response).entries
        assert len(items) == min(total * sections, MAX_ITEMS)
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("url", "mentions"),
    [
        ("/feeds/events.rss?year=abc", "year=abc"),
        ("/feeds/events.atom?topic=no-such-topic", "topic=no-such-topic"),
        ("/feeds/centers.rss?kind=bogus", "kind=bogus"),
        ("/feeds/statements.rss?country=atlantis", "country=atlantis"),
        ("/feeds/statements.rss?q=" + "x" * 500, "q="),
        ("/feeds/latest.rss?kind=bogus", "kind=bogus"),
        ("/feeds/latest.json?year=1066", "year=1066"),
        ("/feeds/topics/artificial-intelligence.rss?kind=bogus", "kind=bogus"),
        ("/feeds/countries/kazakhstan.atom?year=abc", "year=abc"),
    ],
)
def test_bad_filters_get_400_in_plain_text(client, content, url, mentions):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert mentions in text
    assert "<item>" not in text and "<entry>" not in text


def test_unknown_parameters_are_ignored(client, content):
    plain = h.parse(client.get("/feeds/events.rss"))
    tagged = h.parse(client.get("/feeds/events.rss?utm_source=newsletter&page=3"))
    assert [e.id for e in tagged.entries] == [e.id for e in plain.entries]
    assert tagged.feed.title == "SCO Cooperation Portal — Events"


def test_json_feed_is_valid_json_feed_1_1(client, content):
    response = client.get("/feeds/latest.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "SCO Cooperation Portal — Everything"
    assert data["home_page_url"] == "http://testserver/timeline/"
    assert data["feed_url"] == "http://testserver/feeds/latest.json"
    assert data["language"] == "en"
    assert len(data["items"]) == 3
    ids = set()
    for item in data["items"]:
        assert item["id"].startswith("tag:sco-portal.example,2025:")
        assert item["url"].startswith("http://testserver/")
        assert item["content_html"]
        assert datetime.datetime.fromisoformat(item["date_published"]).tzinfo is not None
        assert datetime.datetime.fromisoformat(item["date_modified"]).tzinfo is not None
        assert item["tags"] == ["Artificial intelligence"]
        assert item["authors"][0]["name"]
        ids.add(item["id"])
    assert len(ids) == 3
    first = data["items"][0]
    assert first["summary"] == content["statement"].summary
    assert content["statement"].body_html in first["content_html"]


def test_empty_feeds_are_still_valid(client, db):
    for url in RSS_URLS + ATOM_URLS:
        assert h.parse(client.get(url)).entries == []
    assert json.loads(client.get("/feeds/latest.json").content)["items"] == []


def test_feeds_exist_under_language_prefixes(client, content):
    response = client.get("/ru/feeds/latest.rss")
    assert response.status_code == 200
    assert "<language>ru</language>" in response.content.decode()
    feed = h.parse(response)
    assert all(e.link.startswith("http://testserver/ru/") for e in feed.entries)
    english = h.parse(client.get("/feeds/latest.rss"))
    assert [e.id for e in feed.entries] == [e.id for e in english.entries]
    atom = client.get("/zh-hans/feeds/events.atom")
    assert atom.status_code == 200
    assert 'xml:lang="zh-hans"' in atom.content.decode()
    assert json.loads(client.get("/ru/feeds/latest.json").content)["language"] == "ru"


def test_feed_links_follow_the_request_host_but_ids_do_not(client, content):
    feed = h.parse(client.get("/feeds/events.rss", HTTP_HOST="localhost"))
    other = h.parse(client.get("/feeds/events.rss", HTTP_HOST="127.0.0.1"))
    assert feed.entries[0].link.startswith("http://localhost/events/")
    assert feed.entries[0].id.startswith("tag:sco-portal.example,2025:event/")
    assert [e.id for e in feed.entries] == [e.id for e in other.entries]


def test_an_atom_feeds_own_id_is_the_same_whatever_the_host(client, content):
    feed = h.parse(client.get("/ru/feeds/events.atom?topic=artificial-intelligence", HTTP_HOST="localhost")).feed
    other = h.parse(client.get("/ru/feeds/events.atom?topic=artificial-intelligence", HTTP_HOST="127.0.0.1")).feed
    assert feed.id == other.id == "tag:sco-portal.example,2025:/ru/feeds/events.atom?topic=artificial-intelligence"
    assert feed.link.startswith("http://localhost/ru/events/")
    assert h.parse(client.get("/feeds/latest.atom")).feed.id == "tag:sco-portal.example,2025:/feeds/latest.atom"


# The /feeds/ page.


def test_feeds_page_lists_every_feed_and_the_calendar(client, content):
    h.topic("Energy", "energy")
    h.country("Turkey", "turkey", "TR", status=None)
    response = client.get(reverse("feeds:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("latest_rss", "latest_atom", "latest_json", "events_rss", "events_atom", "centers_rss",
                 "centers_atom", "statements_rss", "statements_atom"):  # fmt: skip
        assert f'value="http://testserver{reverse(f"feeds:{name}")}"' in html, name
    for slug in ("artificial-intelligence", "energy"):
        assert f"http://testserver/feeds/topics/{slug}.rss" in html
        assert f"http://testserver/feeds/topics/{slug}.atom" in html
    assert "http://testserver/feeds/countries/kazakhstan.rss" in html
    assert "Member state" in html
    # A country without SCO status has no feed listed.
    assert "/feeds/countries/turkey.rss" not in html
    assert 'value="http://testserver/events/calendar.ics"' in html
    assert 'href="webcal://testserver/events/calendar.ics"' in html
    assert "readonly" in html and '<label for="feed-latest-rss">' in html
    assert "<script" not in html.split("</head>")[1] and "<style" not in html and " style=" not in html


def test_feeds_page_links_all_answer(client, content):
    response = client.get("/feeds/")
    for link in response.context["topics"] + response.context["countries"]:
        for key in ("rss", "atom"):
            assert client.get(link[key].removeprefix("http://testserver")).status_code == 200
    calendar = response.context["calendar"]["url"].removeprefix("http://testserver")
    assert client.get(calendar).status_code == 200


def test_feeds_page_is_translated_path(client, content):
    response = client.get("/ru/feeds/")
    assert response.status_code == 200
    assert "http://testserver/ru/feeds/latest.rss" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/events/", "/feeds/events.rss"),
        ("/centers/", "/feeds/centers.rss"),
        ("/statements/", "/feeds/statements.rss"),
        ("/timeline/", "/feeds/latest.rss"),
    ],
)
def test_list_pages_feed_link_is_a_working_filtered_feed(client, content, page, feed):
    response = client.get(f"{page}?topic=artificial-intelligence&country=kazakhstan&page=1")
    feed_url = response.context["feed_url"]
    assert feed_url == f"{feed}?topic=artificial-intelligence&country=kazakhstan"
    html = response.content.decode()
    assert 'type="application/rss+xml" ' in html and f'href="{feed_url.replace("&", "&amp;")}"' in html
    parsed = h.parse(client.get(feed_url))
    assert parsed.feed.title.endswith(" on Artificial intelligence in Kazakhstan")
    assert len(parsed.entries) == (3 if "latest" in feed else 1)


def test_autodiscovery_helpers_match_the_feeds_they_advertise(client, rf, content):
    from sco_portal.core.feeds import latest_feed_links, section_feed_links
    from sco_portal.core.filters import TimelineFilterSet
    from sco_portal.events.filters import EventFilterSet
    from sco_portal.events.models import Event
    from sco_portal.taxonomy.feeds import country_feed_links, topic_feed_links

    query = "topic=artificial-intelligence&kind=meeting"
    request = rf.get(f"/events/?{query}")
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published(), request=request)
    links = section_feed_links("event", filterset, query)
    assert links["feed_url"] == f"/feeds/events.rss?{query}"
    assert links["atom_url"] == f"/feeds/events.atom?{query}"
    for url in (links["feed_url"], links["atom_url"]):
        assert h.parse(client.get(url)).feed.title == links["feed_title"]
    assert links["feed_title"] == "SCO Cooperation Portal — Events: Meeting on Artificial intelligence"

    timeline = TimelineFilterSet(rf.get("/timeline/?country=kazakhstan").GET, queryset=Event.objects.none())
    links = latest_feed_links(timeline, "country=kazakhstan")
    assert h.parse(client.get(links["feed_url"])).feed.title == links["feed_title"]

    invalid = EventFilterSet(rf.get("/events/?year=abc").GET, queryset=Event.objects.published())
    assert section_feed_links("event", invalid, "year=abc")["feed_url"] == "/feeds/events.rss"

    for links in (topic_feed_links(content["topic"]), country_feed_links(content["country"])):
        for url in (links["feed_url"], links["atom_url"]):
            assert h.parse(client.get(url)).feed.title == links["feed_title"]
    assert section_feed_links("statement") == {
        "feed_url": "/feeds/statements.rss",
        "atom_url": "/feeds/statements.atom",
        "feed_title": "SCO Cooperation Portal — Statements",
    }


def test_every_feed_of_the_demo_content_parses_and_links_answer(client, demo_content):
    from sco_portal.taxonomy.models import Country, Topic

    urls = RSS_URLS + ATOM_URLS
    urls += [f"/feeds/topics/{t.slug}.{ext}" for t in Topic.objects.all() for ext in ("rss", "atom")]
    urls += [f"/feeds/countries/{c.slug}.{ext}" for c in Country.objects.in_sco_on() for ext in ("rss", "atom")]
    links = set()
    for url in urls:
        feed = h.parse(client.get(url))
        assert feed.version == ("rss20" if url.endswith(".rss") else "atom10")
        links.update(entry.link for entry in feed.entries)
    assert links
    for link in links:
        assert client.get(link.removeprefix("http://testserver")).status_code == 200, link
    data = json.loads(client.get("/feeds/latest.json").content)
    assert len(data["items"]) == len(h.parse(client.get("/feeds/latest.rss")).entries) > 0


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest.rss",
        "/feeds/events.atom",
        "/feeds/latest.json",
        "/ru/feeds/topics/artificial-intelligence.rss",
        "/events/calendar.ics",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-events.xml",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_feeds_calendars_and_crawler_files_answer_only_get_and_head(content, url, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser or a script meets it: a 405, not the CSRF page
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(url).status_code == 200


def test_a_filtered_events_list_offers_its_calendar_with_the_same_filters(client, content):
    from icalendar import Calendar

    response = client.get("/events/?topic=artificial-intelligence&utm_source=newsletter&page=1")
    html = response.content.decode()
    calendar_url = response.context["calendar_url"]
    assert calendar_url == "webcal://testserver/events/calendar.ics?topic=artificial-intelligence"
    assert f'href="{calendar_url}">Subscribe to these events in a calendar</a>' in html
    assert response.context["feed_url"] == "/feeds/events.rss?topic=artificial-intelligence"  # no utm_source
    calendar = Calendar.from_ical(client.get(calendar_url.removeprefix("webcal://testserver")).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [content["event"].title]
    assert "Subscribe in a calendar" in client.get("/events/").content.decode()
    assert "calendar.ics" not in client.get("/statements/").content.decode()
    assert "calendar_url" not in client.get("/events/?year=abc").context


@pytest.mark.parametrize("prefix", ["", "/ru", "/zh-hans"])
def test_pages_without_a_feed_of_their_own_advertise_everything_under_its_own_title(client, content, prefix):
    html = client.get(f"{prefix}/").content.decode()
    for kind, url in (("rss", f"{prefix}/feeds/latest.rss"), ("atom", f"{prefix}/feeds/latest.atom")):
        title = h.parse(client.get(url)).feed.title
        assert f'<link rel="alternate" type="application/{kind}+xml" title="{title}" href="{url}">' in html


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/events.atom", "/ru/feeds/latest.json"])
def test_links_in_an_items_body_are_absolute_in_feeds(client, url):
    h.event(
        slug="astana-forum",
        body=(
            "See [the summit](/events/sco-summit/), [notes](notes/), [a note](#fn-1), [the SCO](https://eng.sectsco.org/)"
            ' and [a mirror](//mirror.example/p).\n\n<blockquote cite="/sources/1/">Quoted.</blockquote>'
            '\n\n<q cite="notes/2">Also quoted.</q>'
        ),
    )
    response = client.get(url)
    if url.endswith(".json"):
        (item,) = json.loads(response.content)["items"]
        html = item["content_html"]
        page = "http://testserver/ru/events/astana-forum/"
        site = "http://testserver/"
    else:
        (entry,) = h.parse(response).entries
        html = entry.content[0].value
        page, site = "http://testserver/events/astana-forum/", "http://testserver/"
    assert f'href="{site}events/sco-summit/"' in html
    assert f'href="{page}notes/"' in html and f'href="{page}#fn-1"' in html
    assert 'href="https://eng.sectsco.org/"' in html
    assert 'href="http://mirror.example/p"' in html  # a network-path reference takes the page's scheme
    assert f'cite="{site}sources/1/"' in html and f'cite="{page}notes/2"' in html
    assert 'href="/' not in html and 'href="#' not in html and 'cite="/' not in html


def test_an_atom_entry_in_english_inside_a_russian_feed_says_so(client, db):
    from tests.factories import EventFactory

    EventFactory(title="Untranslated forum", slug="untranslated")
    EventFactory(title="Translated forum", title_ru="Переведённый форум", slug="title-only", body="English body.")
    EventFactory(
        title="Whole", title_ru="Целиком", summary_ru="Сводка", body="Body.", body_ru="Текст.", slug="translated"
    )
    feed = h.parse(client.get("/ru/feeds/events.atom"))
    by_link = {entry.link.rsplit("/", 2)[-2]: entry for entry in feed.entries}
    assert feed.feed.language == "ru"
    assert by_link["untranslated"].title_detail.language == "en"
    assert by_link["untranslated"].content[0].language == "en"
    assert by_link["title-only"].title_detail.language == "ru"
    assert by_link["title-only"].content[0].language == "en"  # the body is still English
    assert by_link["translated"].title_detail.language == "ru"
    assert by_link["translated"].content[0].language == "ru"


@pytest.mark.parametrize(
    "url", ALL_XML_URLS + ["/feeds/latest.json", "/ru/feeds/latest.atom", "/feeds/events.rss?q=second"]
)
def test_a_feed_is_what_djangos_own_get_feed_makes_of_its_items(client, content, url, monkeypatch):
    """PortalFeed.get_feed adds the items itself (the item_* methods called directly); Django's get_feed,
    looking each attribute up, gives the same feed byte for byte."""
    from django.contrib.syndication.views import Feed

    from sco_portal.core.feeds import PortalFeed

    h.event(
        title="Second <event> & more",
        body="See [the list](/events/) and *this*.",
        publish_at=h.hours_ago(5),
        topics=[content["topic"]],
        countries=[content["country"]],
    )
    ours = client.get(url).content
    assert ours.count(b"<item>") + ours.count(b"<entry") + ours.count(b'"id": "tag:') >= 1
    monkeypatch.setattr(PortalFeed, "get_feed", Feed.get_feed)
    monkeypatch.setattr(PortalFeed, "items", lambda self, obj: obj.items(self.max_items))
    assert client.get(url).content == ours


QUICK_CASES = [
    ("title", "Plain"),
    ("title", "A & B <c> \"d\" 'e' ]]> 合作 Сотрудничество"),
    ("title", ""),
    ("title", None),
    ("link", "https://example.org/?a=1&b=2"),
    ("category", "Energy", {"term": "x & y"}),
    ("content:encoded", mark_safe("<p>Safe &amp; sound</p>")),
    ("pubDate", "Tue, 24 Nov 2026 20:00:00 +0000"),
    ("guid", "tag:example.org,2025:event/1", {"isPermaLink": "false"}),
    ("dc:creator", "A & B", {"xmlns:dc": "http://purl.org/dc/elements/1.1/", "a": "1 \"2\" '3' <4>\n&"}),
    ("link", "", {"href": "https://example.org/?a=1&b=2"}),
    ("link", None, {"rel": "self", "href": "/feeds/"}),
]


@pytest.mark.parametrize("case", QUICK_CASES)
def test_the_quick_xml_writer_writes_what_djangos_writes(case):
    """QuickXMLGenerator.addQuickElement writes an element exactly as Django's SimplerXMLGenerator does."""
    import io

    from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

    from sco_portal.core.feeds import QuickXMLGenerator

    def written(generator):
        out = io.StringIO()
        handler = generator(out, "utf-8", short_empty_elements=True)
        handler.startElement("item", {})
        handler.addQuickElement(*case)
        handler.addQuickElement("guid", "after")
        handler.endElement("item")
        return out.getvalue()

    assert written(QuickXMLGenerator) == written(SimplerXMLGenerator)
    with pytest.raises(UnserializableContentError):
        written_bad = io.StringIO()
        QuickXMLGenerator(written_bad, "utf-8").addQuickElement("title", "bad\x01")


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/latest.atom", "/ru/feeds/events.atom"])
def test_a_feed_written_quickly_is_the_feed_djangos_writer_writes(client, content, url, monkeypatch):
    from django.utils.xmlutils import SimplerXMLGenerator

    from sco_portal.core import feeds

    h.event(title="Fish & <chips>", summary="\"Quoted\" & 'single'", body="**Bold** & <em>em</em>")
    quick = client.get(url).content
    monkeypatch.setattr(feeds.QuickXMLGenerator, "addQuickElement", SimplerXMLGenerator.addQuickElement)
    assert client.get(url).content == quick


def _item(**values):
    base = {
        "title": "Fish & <chips> \"quoted\" 'single' ]]> 合作",
        "link": "https://example.org/events/fish/?a=1&b=2",
        "description": "Summary &amp; more",
        "unique_id": "tag:example.org,2025:event/1",
        "unique_id_is_permalink": False,
        "pubdate": datetime.datetime(2026, 11, 24, 20, 5, tzinfo=datetime.UTC),
        "updateddate": None,
        "author_name": "A & B <Ministry>",
        "author_email": None,
        "author_link": None,
        "comments": None,
        "categories": ["Energy & power", "<AI>"],
        "item_copyright": None,
        "ttl": None,
        "enclosures": (),
        "content_html": mark_safe("<p><strong>Conference</strong></p>\n<p>Body &amp; more</p>"),
    }
    return {**base, **values}


RSS_ITEMS = [
    _item(),
    _item(title="", description="", author_name="", categories=[]),
    _item(description=None, pubdate=None, unique_id=None, content_html=""),
    _item(unique_id_is_permalink=True),
    _item(unique_id_is_permalink=None),
    _item(author_email="editor@example.org"),
    _item(author_email="editor@example.org", author_name=""),
    _item(comments="https://example.org/comments/"),
    _item(ttl="60"),
    _item(categories=("One", "Two", "")),
    _item(pubdate=datetime.date(2026, 11, 24)),
    _item(enclosures=[Enclosure("https://example.org/a.mp3", "123", "audio/mpeg")]),
]


@pytest.mark.parametrize("item", RSS_ITEMS, ids=range(len(RSS_ITEMS)))
def test_an_rss_item_written_in_one_piece_is_what_djangos_writer_writes_element_by_element(item):
    """PortalRssFeed.write_items writes each item the portal makes in one piece; Django's own write_items
    (with its own writer) gives the same bytes, and anything else still goes Django's way."""
    import io

    from django.utils.feedgenerator import RssFeed
    from django.utils.xmlutils import SimplerXMLGenerator

    from sco_portal.core.feeds import PortalRssFeed, QuickXMLGenerator

    feed = PortalRssFeed(title="t", link="https://example.org/", description="d")
    feed.items.append(item)

    def written(write_items, generator):
        out = io.StringIO()
        handler = generator(out, "utf-8", short_empty_elements=True)
        handler.startElement("channel", {})
        write_items(feed, handler)
        handler.endElement("channel")
        return out.getvalue()

    ours = written(PortalRssFeed.write_items, QuickXMLGenerator)
    assert ours == written(RssFeed.write_items, SimplerXMLGenerator)
    assert ours.count("<item>") == 1


def test_an_item_with_a_control_character_is_refused_as_djangos_writer_refuses_it():
    import io

    from django.utils.xmlutils import UnserializableContentError

    from sco_portal.core.feeds import PortalRssFeed, QuickXMLGenerator

    feed = PortalRssFeed(title="t", link="https://example.org/", description="d")
    feed.items.append(_item(title="bad\x01"))
    assert feed.item_piece(feed.items[0]) is None
    with pytest.raises(UnserializableContentError):
        feed.write_items(QuickXMLGenerator(io.StringIO(), "utf-8", short_empty_elements=True))


ADDED_ITEMS = [
    {},
    {"author_name": None, "description": None, "categories": []},
    {"title": "Tab\there, bell\x07 and NEL\x85", "categories": ["A\x01", None]},
    {"author_name": mark_safe("Safe & sound"), "description": mark_safe("<p>x</p>")},
    {"enclosures": [Enclosure("https://example.org/a.mp3", "1", "audio/mpeg")], "ttl": 60},
    {"link": "https://example.org/события/?q=合作", "author_link": "https://example.org/кто/"},
]


@pytest.mark.parametrize("values", ADDED_ITEMS, ids=range(len(ADDED_ITEMS)))
def test_adding_an_item_directly_makes_the_item_djangos_add_item_makes(values):
    """core.feeds.add_item() (what the feed views call) gives the item a feed's own add_item() gives: Django's,
    after PrintableFeed's dropping of control characters for the XML feeds."""
    from django.utils.functional import lazy

    from sco_portal.core.feeds import JsonFeed, PortalAtomFeed, PortalRssFeed, add_item

    lazy_name = lazy(lambda: "Portal ＆ name", str)()
    arguments = {
        "title": "Fish & <chips>",
        "link": "https://example.org/events/fish/",
        "description": "Summary",
        "unique_id": "tag:example.org,2025:event/1",
        "unique_id_is_permalink": False,
        "enclosures": (),
        "pubdate": datetime.datetime(2026, 11, 24, 20, 5, tzinfo=datetime.UTC),
        "updateddate": None,
        "author_name": lazy_name,
        "author_email": None,
        "author_link": None,
        "comments": None,
        "categories": ["Energy", lazy_name],
        "item_copyright": None,
        "content_html": mark_safe("<p>Body</p>"),
        "summary_text": "Summary",
        **values,
    }
    for feed_class in (PortalRssFeed, PortalAtomFeed, JsonFeed):
        ours, djangos = (feed_class(title="t", link="https://example.org/", description="d") for _ in range(2))
        add_item(ours, **arguments)
        djangos.add_item(**arguments)
        [mine], [theirs] = ours.items, djangos.items
        assert mine == theirs
        assert {name: type(value) for name, value in mine.items()} == {
            name: type(value) for name, value in theirs.items()
        }
        assert [type(c) for c in mine["categories"]] == [type(c) for c in theirs["categories"]]
