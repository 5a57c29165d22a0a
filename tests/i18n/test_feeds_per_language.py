"""Feeds and calendars in each language: translated text, the language declared, same-language links,
one id per item whatever the language, and validators (ETags) that differ by language."""

import json

import feedparser
import pytest
from icalendar import Calendar

from tests.factories import EventFactory, StatementFactory, TopicFactory


@pytest.fixture
def items(db):
    topic = TopicFactory(name="Energy", slug="energy", name_ru="Энергетика", name_zh_hans="能源")
    event = EventFactory(
        title="Energy forum",
        title_ru="Энергетический форум",
        title_zh_hans="能源论坛",
        summary="A forum on energy.",
        summary_ru="Форум по энергетике.",
        summary_zh_hans="关于能源的论坛。",
        body="English **body**.",
        body_ru="Русский **текст**.",
        city="Tianjin",
        city_ru="Тяньцзинь",
        city_zh_hans="天津",
        topics=[topic],
    )
    untranslated = StatementFactory(title="Only in English", summary="English only.", topics=[topic])
    return {"event": event, "statement": untranslated}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content), response


@pytest.mark.parametrize(
    ("url", "language", "title"),
    [
        ("/feeds/latest.rss", "en", "Energy forum"),
        ("/ru/feeds/latest.rss", "ru", "Энергетический форум"),
        ("/zh-hans/feeds/latest.rss", "zh-hans", "能源论坛"),
        ("/ru/feeds/events.atom", "ru", "Энергетический форум"),
        ("/zh-hans/feeds/events.atom", "zh-hans", "能源论坛"),
        ("/zh-hans/feeds/topics/energy.rss", "zh-hans", "能源论坛"),
    ],
)
def test_feed_declares_its_language_and_carries_translated_items(client, items, url, language, title):
    feed, response = parse(client, url)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == language
    entry = next(e for e in feed.entries if e.id.endswith(f"event/{items['event'].pk}"))
    assert entry.title == title
    prefix = "" if language == "en" else f"/{language}"
    assert entry.link == f"http://testserver{prefix}/events/{items['event'].slug}/"
    assert all(e.link.startswith(f"http://testserver{prefix}/") for e in feed.entries)
    assert feed.feed.link.startswith(f"http://testserver{prefix}/")


def test_feed_body_summary_and_categories_are_translated_or_english(client, items):
    feed, _ = parse(client, "/ru/feeds/latest.rss")
    event = next(e for e in feed.entries if e.id.endswith(f"event/{items['event'].pk}"))
    assert event.summary == "Форум по энергетике."
    assert "Русский <strong>текст</strong>." in event.content[0].value
    assert "Тяньцзинь" in event.content[0].value
    assert [tag.term for tag in event.tags] == ["Энергетика"]
    statement = next(e for e in feed.entries if e.id.endswith(f"statement/{items['statement'].pk}"))
    assert statement.title == "Only in English"  # no Russian title: English, never blank
    # Chinese has no body: the English one.
    feed, _ = parse(client, "/zh-hans/feeds/latest.rss")
    event = next(e for e in feed.entries if e.id.endswith(f"event/{items['event'].pk}"))
    assert "English <strong>body</strong>." in event.content[0].value


def test_item_ids_are_the_same_in_every_language(client, items):
    ids = {
        prefix: [e.id for e in parse(client, f"{prefix}/feeds/latest.atom")[0].entries]
        for prefix in ("", "/ru", "/zh-hans")
    }
    assert ids[""] == ids["/ru"] == ids["/zh-hans"]
    assert len(ids[""]) == 2


def test_atom_declares_xml_lang(client, items):
    for prefix, language in (("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")):
        body = client.get(f"{prefix}/feeds/latest.atom").content.decode()
        assert f'xml:lang="{language}"' in body


def test_json_feed_declares_its_language_and_marks_english_items(client, items):
    data = json.loads(client.get("/zh-hans/feeds/latest.json").content)
    assert data["language"] == "zh-hans"
    by_id = {item["id"]: item for item in data["items"]}
    event = by_id[f"tag:sco-portal.example,2025:event/{items['event'].pk}"]
    statement = by_id[f"tag:sco-portal.example,2025:statement/{items['statement'].pk}"]
    assert event["title"] == "能源论坛" and "language" not in event
    assert statement["language"] == "en"


def test_feed_title_is_in_the_feeds_language(client, items):
    english = parse(client, "/feeds/latest.rss")[0].feed.title
    russian = parse(client, "/ru/feeds/latest.rss")[0].feed.title
    chinese = parse(client, "/zh-hans/feeds/latest.rss")[0].feed.title
    assert len({english, russian, chinese}) == 3


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/events.atom", "/events/calendar.ics"])
def test_etags_differ_by_language_and_each_answers_304(client, items, url):
    tags = {}
    for prefix in ("", "/ru", "/zh-hans"):
        response = client.get(prefix + url)
        tags[prefix] = response["ETag"]
        assert client.get(prefix + url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert len(set(tags.values())) == 3


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")])
def test_calendar_in_each_language(client, items, prefix, language):
    calendar = Calendar.from_ical(client.get(f"{prefix}/events/calendar.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    expected = {"en": "Energy forum", "ru": "Энергетический форум", "zh-hans": "能源论坛"}[language]
    assert str(vevent["SUMMARY"]) == expected
    assert vevent["SUMMARY"].params["LANGUAGE"] == language
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == language
    assert str(vevent["URL"]) == f"http://testserver{prefix}/events/{items['event'].slug}/"
    assert vevent["UID"] == f"event-{items['event'].pk}@sco-portal.example"
    assert calendar["NAME"].params["LANGUAGE"] == language
    assert calendar["PRODID"].endswith("//EN") and "SCO Cooperation Portal" in str(calendar["PRODID"])
    names = {"", "/ru", "/zh-hans"}
    assert (
        len({str(Calendar.from_ical(client.get(f"{p}/events/calendar.ics").content)["X-WR-CALNAME"]) for p in names})
        == 3
    )


def test_calendar_marks_an_untranslated_summary_as_english(client, db):
    event = EventFactory(title="English event", title_ru="Событие", summary="English summary.")
    calendar = Calendar.from_ical(client.get(f"/ru/events/{event.slug}/calendar.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["SUMMARY"].params["LANGUAGE"] == "ru"
    assert str(vevent["DESCRIPTION"]).startswith("English summary.")
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "en"


def test_demo_content_feeds_in_every_language_parse(client, demo_content):
    for prefix in ("/ru", "/zh-hans"):
        for url in ("/feeds/latest.rss", "/feeds/latest.atom", "/feeds/centers.rss", "/feeds/countries/china.atom"):
            feed, _ = parse(client, prefix + url)
            assert not feed.bozo and feed.entries
            assert not any(e.title.isascii() for e in feed.entries), url
