"""Hostile input: malformed and hostile query strings and paths at every list page, the timeline, search and
every feed. Never a 5xx, and nothing a visitor typed comes back where a browser or reader would run it.

What counts as escaped depends on what the answer is: in HTML and XML the input must come back
entity-escaped (or not at all); in JSON only inside strings of a document that still parses; plain
text and iCalendar are not markup, and may quote it, but must forbid content sniffing.
"""

import json
import re
from urllib.parse import quote, unquote_plus
from xml.etree import ElementTree

import pytest
from django.test import Client

from tests.factories import (
    CenterFactory,
    CountryFactory,
    CountryStatusFactory,
    EventFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# What an attacker or a broken client sends as a parameter's value.
HOSTILE_VALUES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</title><script>alert(document.domain)</script>",
    "<iframe src=//evil.example>",
    "{{7*7}}{% debug %}",
    "${jndi:ldap://evil.example/a}",
    "' OR '1'='1' --",
    "1; DROP TABLE events_event;--",
    "1 UNION SELECT password FROM auth_user",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: hacked=1",
    "%00%0d%0a",
    "%%%%",
    "%s%s%s%n",
    "\u202egnp.exe",
    "\ufeff\u200b\u200d",
    "😀" * 50,
    "زمان <b>bold</b>",
    "Москва<script>",
    "中文<img src=x>",
    "x" * 5000,
    "9" * 400,
    "-1",
    "0",
    "1e308",
    "NaN",
    "0x1F",
    "2025-13-45",
    "99999999999999999999999",
    "   ",
    "<!--",
    "]]><x>",
    "&lt;script&gt;",
    "\\u003cscript\\u003e",
    "<a href='javascript:alert(1)'>x</a>",
    # Characters XML 1.0 cannot carry, and digits that are digits to str.isdigit() but not to int().
    "\x01",
    "a\x0cb",
    "x\x1b[31my",
    "a\x1fb",
    "\ufffe",
    "w\uffff",
    "energy\x7f",
    "a\x85b\x9f",
    # Line breaks, which a calendar's name or a feed's title must not carry into a new line.
    "a\nb",
    "x\rBEGIN:VEVENT\rSUMMARY:Injected\rEND:VEVENT\r",
    "a\r\nb\u2028c",
    "event-\u00b2",
    "center-\u2460-launched",
]
PARAMETERS = ["q", "topic", "country", "kind", "year", "page", "at"]


def hostile_queries():
    """Each value in a parameter of its own (the parameters take turns), then in `q`, then odd shapes."""
    queries = []
    for index, value in enumerate(HOSTILE_VALUES):
        queries.append(f"{PARAMETERS[index % len(PARAMETERS)]}={quote(value, safe='')}")
        queries.append(f"q={quote(value, safe='')}")
    queries += [
        "topic=a&topic=b&topic=<c>",
        "year[]=2025&kind[$ne]=x",
        "=&&=&q",
        "q=%ff%fe",  # not UTF-8
        "q=%E0%A4%A",  # truncated escape
        "page=2&page=<script>",
        "%3Cscript%3E=1",
        ";q=<script>",
        "q=" + "%25" * 1000,
        "at=event-%C2%B2",
        "at=center-%E2%91%A0-launched",
        "q=energy%01&topic=artificial-intelligence",
        "&".join(f"p{i}=<x>" for i in range(500)),
    ]
    return queries


def hostile_paths(base):
    """Made-up paths under a list page or feed: slugs that are scripts, traversals, bytes, huge names."""
    stem = base.rstrip("/")
    if stem.endswith((".rss", ".atom", ".json", ".ics")):
        stem, dot, ending = stem.rpartition(".")
        suffixes = [f"{dot}{ending}"]
    else:
        suffixes = ["/"]
    slugs = [
        quote("<script>alert(1)</script>"),
        "%3Csvg%20onload%3Dalert(1)%3E",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e",
        "%00",
        "%ff%fe",
        "a" * 300,
        quote("москва"),
        "-",
        "_",
    ]
    return [f"{stem}/{slug}{suffix}" for slug in slugs for suffix in suffixes] + [f"{stem}{quote('<x>')}"]


# Every list page, the timeline, search and every feed (the topic and country feeds of the demo content).
TARGETS = [
    "/events/",
    "/centers/",
    "/statements/",
    "/countries/",
    "/topics/",
    "/timeline/",
    "/search/",
    "/feeds/",
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/feeds/latest.json",
    "/feeds/events.rss",
    "/feeds/events.atom",
    "/feeds/centers.rss",
    "/feeds/centers.atom",
    "/feeds/statements.rss",
    "/feeds/statements.atom",
    "/feeds/topics/artificial-intelligence.rss",
    "/feeds/topics/artificial-intelligence.atom",
    "/feeds/countries/kazakhstan.rss",
    "/feeds/countries/kazakhstan.atom",
    "/events/calendar.ics",
    "/ru/events/",
    "/zh-hans/feeds/latest.rss",
]


# Characters that could end a text or an attribute and start markup. XML text and attributes never need
# quotes escaped for that (attributes are written with escaped quotes by the feed generator).
DANGEROUS = {"text/html": ("<", ">", '"', "'"), "xml": ("<", ">")}
# What no text answer may hold: the controls XML 1.0 forbids (a feed with one is no feed), raw in any body.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def reflected_raw(body, raw, dangerous):
    """Whether `raw`, holding a character that could open markup, comes back unchanged."""
    return any(ch in raw for ch in dangerous) and raw.strip() and raw in body


def check(response, raw_inputs, label):
    assert response.status_code < 500, f"{label}: {response.status_code}"
    content_type = response.get("Content-Type", "").split(";")[0]
    body = response.content.decode("utf-8", "replace")
    assert not CONTROLS.search(body), f"{label}: a control character in the answer ({content_type})"
    if content_type.endswith("xml") and response.status_code == 200:
        ElementTree.fromstring(response.content)  # well-formed, or a reader shows nothing
    if content_type == "text/calendar":  # every line ends in CRLF, and no text holds a line break of its own
        assert not re.search("\r(?!\n)|(?<!\r)\n", body), f"{label}: a bare line break in the calendar"
        assert "BEGIN:VEVENT\r\nSUMMARY:Injected" not in body, label
    if content_type in ("text/plain", "text/calendar"):
        assert response["X-Content-Type-Options"] == "nosniff", label
        return
    if content_type.endswith("json"):
        json.loads(body)  # a value cannot have broken out of its string
        return
    dangerous = DANGEROUS["text/html" if content_type == "text/html" else "xml"]
    assert content_type == "text/html" or content_type.endswith("xml"), f"{label}: {content_type}"
    for raw in raw_inputs:
        assert not reflected_raw(body, raw, dangerous), f"{label}: {raw!r} reflected unescaped ({content_type})"


def raw_inputs_of(query):
    return [unquote_plus(part.partition("=")[2], errors="replace") for part in query.split("&")] + [
        unquote_plus(part.partition("=")[0], errors="replace") for part in query.split("&")
    ]


def test_there_are_at_least_fifty_hostile_inputs_per_target():
    assert len(hostile_queries()) >= 50
    assert all(len(hostile_paths(url)) >= 10 for url in TARGETS)


@pytest.fixture
def site(db):
    """A little content on every list and feed, with the topic and country the feed addresses name."""
    topic = TopicFactory(name="Artificial intelligence", slug="artificial-intelligence")
    country = CountryFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    CountryStatusFactory(country=country)
    for factory in (EventFactory, CenterFactory, StatementFactory):
        factory(topics=[topic], countries=[country], title="Astana <b>forum</b> & more")


@pytest.mark.parametrize("url", TARGETS)
def test_hostile_query_strings_and_paths(site, url, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600  # as in production: a bad answer must not be cached either
    client = Client()
    for query in hostile_queries():
        check(client.get(f"{url}?{query}"), raw_inputs_of(query), f"{url}?{query[:80]}")
    for path in hostile_paths(url):
        check(client.get(path), [unquote_plus(path, errors="replace")], path[:100])
    # The good page is still good afterwards: nothing hostile was stored in its place.
    clean = client.get(url)
    assert clean.status_code == 200, url
    assert "<script>alert" not in clean.content.decode()
