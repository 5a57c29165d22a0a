"""Page weight: list pages stay under 60 KB of HTML, all CSS and JavaScript under 30 KB compressed,
and nothing a page needs comes from another origin (no third-party scripts, stylesheets or fonts)."""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

MAX_LIST_HTML = 60 * 1024
MAX_ASSETS_COMPRESSED = 30 * 1024


def list_pages(topic, country):
    pages = [
        "/",
        "/timeline/",
        "/events/",
        "/centers/",
        "/statements/",
        "/search/?q=ministers",
        f"/topics/{topic.slug}/",
        f"/countries/{country.slug}/",
        "/topics/",
        f"/events/?topic={topic.slug}",
    ]
    return pages + [f"/{language}{page}" for language in ("ru", "zh-hans") for page in ("/timeline/", "/events/")]


def public_pages(topic, country):
    """Every public HTML page: the lists plus the item pages, the map and the feeds page."""
    return list_pages(topic, country) + [
        "/events/weight-event-3/",
        "/centers/weight-center-3/",
        "/statements/weight-statement-3/",
        "/countries/",
        "/feeds/",
        "/search/",
        "/no-such-page/",
    ]


class Resources(HTMLParser):
    """What a page makes the browser fetch (or could render-block on), as (tag, attribute, URL)."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.inline_styles = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").lower().split())
            # Navigation links (canonical, alternate languages and feeds) are not fetched to render the page.
            if not rel <= {"canonical", "alternate"}:
                self.found.append((tag, "href", attrs["href"]))
        for name in ("src", "srcset", "data", "poster"):
            if attrs.get(name) and tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "object"):
                self.found.append((tag, name, attrs[name]))
        if tag == "style":
            self.inline_styles.append(attrs)


def resources(html):
    parser = Resources()
    parser.feed(html)
    return parser


def same_origin(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc or parts.netloc == "testserver"


def test_the_origin_check_would_catch_a_third_party_font():
    page = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'
        '<script src="//cdn.example/x.js"></script><link rel="alternate" href="https://elsewhere.example/feed">'
    )
    assert [same_origin(url) for _tag, _name, url in resources(page).found] == [False, False]
    assert same_origin("/static/css/portal.css") and same_origin("http://testserver/static/x.css")


def test_list_pages_stay_under_60_kb_of_html(client, realistic_content):
    sizes = {}
    for url in list_pages(**realistic_content):
        response = client.get(url)
        assert response.status_code == 200, url
        sizes[url] = len(response.content)
    # The lists are full: a page of 20 long items, so the limit is tested where it matters.
    assert sizes["/events/"] > 20 * len("Ministers of science and technology")
    heavy = {url: size for url, size in sizes.items() if size >= MAX_LIST_HTML}
    assert not heavy, f"over {MAX_LIST_HTML} bytes: {heavy}"


def test_nothing_a_page_needs_comes_from_another_origin(client, realistic_content):
    offending = []
    for url in public_pages(**realistic_content):
        html = client.get(url).content.decode()
        found = resources(html)
        offending += [(url, tag, name, link) for tag, name, link in found.found if not same_origin(link)]
        if re.search(r"fonts\.(googleapis|gstatic)\.com|use\.typekit\.net", html):
            offending.append((url, "web font service", "", ""))
    assert not offending


def stylesheets_and_scripts(client, pages):
    names = set()
    for url in pages:
        for tag, _name, link in resources(client.get(url).content.decode()).found:
            path = urlsplit(link).path
            if (tag == "script" or path.endswith(".css")) and path.startswith(static("")):
                names.add(path.removeprefix(static("")))
    return names


def test_css_and_javascript_together_stay_under_30_kb_compressed(client, realistic_content):
    names = stylesheets_and_scripts(client, public_pages(**realistic_content))
    assert "css/portal.css" in names
    gzipped = brotlied = 0
    for name in sorted(names):
        path = finders.find(name)
        assert path, f"{name} is referenced but not found"
        with open(path, "rb") as file:
            data = file.read()
        gzipped += len(gzip.compress(data, compresslevel=9))
        brotlied += len(brotli.compress(data))
    assert gzipped < MAX_ASSETS_COMPRESSED, f"{sorted(names)}: {gzipped} bytes gzipped"
    assert brotlied <= gzipped


def test_stylesheets_do_not_import_or_load_fonts_from_elsewhere(client, realistic_content):
    for name in stylesheets_and_scripts(client, public_pages(**realistic_content)):
        if not name.endswith(".css"):
            continue
        with open(finders.find(name), encoding="utf-8") as file:
            css = file.read()
        for target in re.findall(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?([^'")\s]+)""", css):
            assert same_origin(target) or target.startswith("data:"), f"{name} loads {target}"
