"""Control characters (sco_portal/core/text.py): pasted by an editor, left in an older row, or sent in a query
string, none of them ever fails a feed or calendar, or comes back raw in a page."""

import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils.safestring import mark_safe
from icalendar import Calendar

from sco_portal.core.text import printable
from sco_portal.events.models import Event
from tests.feeds import helpers as h

pytestmark = pytest.mark.django_db

XML_FEEDS = [
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/feeds/events.rss",
    "/feeds/topics/artificial-intelligence.atom",
]
EVERY_ANSWER = [*XML_FEEDS, "/feeds/latest.json", "/events/calendar.ics", "/events/", "/timeline/", "/search/?q=forum"]
RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert not RAW_CONTROLS.search(body), url
    if url in XML_FEEDS:
        ElementTree.fromstring(response.content)
        assert not feedparser.parse(response.content).bozo, url
    elif url.endswith(".json"):
        json.loads(body)
    elif url.endswith(".ics"):
        Calendar.from_ical(response.content)
    return body


def test_printable_turns_breaks_into_the_given_break_and_drops_other_controls():
    assert printable("one\x0btwo\x0cthree") == "one\ntwo\nthree"
    assert printable("one\x0btwo", breaks=" ") == "one two"
    assert printable("a\x00b\x01c\x1bd\x7fe\ufffef\uffff\x80g\x9f") == "abcdefg"
    assert printable("line\x85next") == "line\nnext"  # NEL is a line break
    assert printable("tab\tline\ncarriage\r") == "tab\tline\ncarriage\r"
    untouched = "Форум 论坛 forum"
    assert printable(untouched) is untouched
    assert printable(None) is None


def test_what_an_editor_pastes_is_saved_printable(client):
    event = h.event(
        title="Energy\x0bforum\x01",
        summary="Ministers met\x0c in Astana\x1b.",
        topics=[h.topic()],
    )
    event.body = "First line\x0bsecond line\x07"
    event.save()
    event.refresh_from_db()
    assert event.title == "Energy forum"  # one line: the break is a space
    assert event.summary == "Ministers met\n in Astana."
    assert event.body == "First line\nsecond line"
    assert "\x0b" not in event.body_html and "\x07" not in event.body_html
    for url in EVERY_ANSWER:
        read(client, url)
    assert "Energy forum" in read(client, "/feeds/latest.rss")


def test_a_control_character_left_in_an_older_row_is_dropped_from_the_feeds(client):
    event = h.event(title="Science forum", topics=[h.topic()])
    # Written past save(), as an import or raw SQL would.
    Event.objects.filter(pk=event.pk).update(title="Science\x01 forum\x1f", summary="A\x0bsummary")
    for url in XML_FEEDS:
        body = read(client, url)
        assert "Science forum" in body
        assert "A\nsummary" in body
    [vevent] = Calendar.from_ical(client.get("/events/calendar.ics").content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Science forum"
    assert str(vevent["DESCRIPTION"]).startswith("A\nsummary")


@pytest.mark.parametrize("url", EVERY_ANSWER)
def test_control_characters_in_the_query_string_read_as_replacement_characters(client, url):
    h.event(title="Science forum", topics=[h.topic()])
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}q=forum%01x&x%02=1")
    assert response.status_code in (200, 400), url
    assert not RAW_CONTROLS.search(response.content.decode()), url
    if response.status_code == 200 and url in XML_FEEDS:
        ElementTree.fromstring(response.content)
        feed = feedparser.parse(response.content).feed
        assert "forum\ufffdx" in feed.title


def test_the_search_box_shows_the_words_with_replacement_characters(client):
    response = client.get("/events/?q=a%00b%1bc")
    body = response.content.decode()
    assert 'value="a\ufffdb\ufffdc"' in body
    assert not RAW_CONTROLS.search(body)


@pytest.mark.parametrize("anchor", ["event-\u00b2", "center-\u2460-launched", "statement-\u0663"])
def test_a_timeline_anchor_with_digits_int_cannot_read_is_not_found(client, anchor):
    h.event()
    assert client.get("/timeline/", {"at": anchor}).status_code == 404


@pytest.mark.parametrize(
    "values, found",
    [
        (("Science", None, 3, ["Energy", "Space"]), False),
        (("Science\x01",), True),
        ((None, ["Energy", "Space\x0b"]), True),
        ((("Energy", None), "\ufffd"), False),
        ((mark_safe("<p>A\x1f</p>"),), True),
        ((), False),
    ],
)
def test_a_feed_item_with_a_control_character_anywhere_is_cleaned(values, found):
    from sco_portal.core.feeds import _has_control_characters

    assert _has_control_characters(values) is found
