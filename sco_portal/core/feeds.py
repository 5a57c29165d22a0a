"""What every feed shares: RSS/Atom/JSON Feed generators, the filtered feed base classes, conditional GET.

A feed is described by a `FeedQuery`: which sections it draws from, each section's
published-and-filtered queryset, and words saying what it holds. Section feeds bind their
section's FilterSet to the query string; the mixed feeds (everything, one topic, one country)
validate with the timeline's FilterSet and then bind each section's own. Invalid filters
answer 400 in plain text, so a typo never turns into a feed of everything.

Every feed exists in each language (/feeds/latest.rss, /ru/feeds/latest.rss, /zh-hans/...):
titles, summaries, bodies, categories and links in that language, English where an item is not
yet translated, and the language declared (RSS <language>, Atom xml:lang, JSON Feed language: the
active language, which the address's prefix sets).
An item keeps one id in every language: it is the same item, whichever language it is read in.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin
from xml.sax.saxutils import escape as xml_text
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.db.models import CharField, Count, IntegerField, Max, Value
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc2822_date
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import get_default_timezone, is_naive, make_aware
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_safe
from django.views.generic import TemplateView

from sco_portal.centers.filters import CenterFilterSet
from sco_portal.centers.models import Center, CenterKind
from sco_portal.core import reads
from sco_portal.core.addresses import page_url, slug_pattern
from sco_portal.core.cache import last_content_change
from sco_portal.core.counts import remember
from sco_portal.core.dates import format_partial, format_span
from sco_portal.core.filters import TimelineFilterSet
from sco_portal.core.former_addresses import moved_filters
from sco_portal.core.markup import escape_text
from sco_portal.core.models import Content, choice_label
from sco_portal.core.text import CONTROL_CHARACTERS, printable
from sco_portal.core.timeline import topics_of
from sco_portal.core.translation import place, place_separator
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.filters import StatementFilterSet
from sco_portal.statements.models import Statement, StatementKind
from sco_portal.taxonomy.models import Country, SCOStatus, Topic

# Readers show at most a few dozen; 50 covers a busy month without making a poll expensive.
MAX_ITEMS = 50
# The year in a tag URI is when the naming authority first minted ids; it must never change.
TAG_YEAR = 2025
# Bump when the feeds' markup changes, so cached copies (ETags) are refreshed.
FORMAT_VERSION = "1"
FILTER_NAMES = ("q", "topic", "country", "kind", "year")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True)
class SectionInfo:
    model: type
    filterset_class: type
    kinds: type
    label: str
    about: str
    list_url: str
    feed_name: str  # feeds:<feed_name>_rss and _atom
    detail_url: str
    author_field: str
    # What an item in a feed shows beyond every item's title, summary and body (core.reads.feed_rows):
    # more text fields in the reader's language, and plain columns.
    texts: tuple = ()
    columns: tuple = ()


SECTIONS = {
    "event": SectionInfo(
        model=Event,
        filterset_class=EventFilterSet,
        kinds=EventKind,
        label=gettext_lazy("Events"),
        about=gettext_lazy("Meetings, summits, forums, launches and other events."),
        list_url="events:list",
        feed_name="events",
        detail_url="events:detail",
        author_field="hosts",
        texts=("venue", "city", "hosts"),
        columns=("start_date", "end_date", "date_precision"),
    ),
    "center": SectionInfo(
        model=Center,
        filterset_class=CenterFilterSet,
        kinds=CenterKind,
        label=gettext_lazy("Initiatives"),
        about=gettext_lazy("Cooperation centers, platforms, think tanks and other lasting initiatives."),
        list_url="centers:list",
        feed_name="centers",
        detail_url="centers:detail",
        author_field="host_organization",
        texts=("city", "host_organization"),
        columns=("initiative_status",),
    ),
    "statement": SectionInfo(
        model=Statement,
        filterset_class=StatementFilterSet,
        kinds=StatementKind,
        label=gettext_lazy("Statements"),
        about=gettext_lazy("Declarations, joint statements, speeches and action plans."),
        list_url="statements:list",
        feed_name="statements",
        detail_url="statements:detail",
        author_field="issuer",
        texts=("issuer",),
        columns=("issued_on", "date_precision"),
    ),
}


# --- Feed generators -------------------------------------------------------------------------


class PrintableFeed:
    """An XML feed whose every text is printable (core/text.py): a control character left in an older row
    is dropped, where Django's XML writer would fail the whole feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_printable(value) for value in args), **{k: _printable(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        if _has_control_characters((*args, *kwargs.values())):  # rarely: looked at all at once
            args, kwargs = [_printable(value) for value in args], {k: _printable(v) for k, v in kwargs.items()}
        super().add_item(*args, **kwargs)

    def latest_post_date(self):
        """An empty feed is as new as the last change to the site, not "now": the same feed twice is the same."""
        if not self.items and self.feed.get("last_change"):
            return self.feed["last_change"]
        return super().latest_post_date()


def add_item(feed, *, link, author_link, categories, enclosures, ttl=None, **values):
    """`feed.add_item(link=..., ...)` with keyword arguments only, as the feed views add every item: the item
    Django's SyndicationFeed.add_item() makes (each text through str(), which gives a string back as it is,
    the links through iri_to_uri()), and a PrintableFeed's control characters dropped first, without the
    two calls' handling of arguments for each of a feed's fifty items."""
    values = {"link": link, "author_link": author_link, "categories": categories, "ttl": ttl, **values}
    if isinstance(feed, PrintableFeed) and _has_control_characters(values.values()):
        values = {name: _printable(value) for name, value in values.items()}
    for name, value in values.items():
        if value is not None and value.__class__ is not str and name in _STR_ARGUMENTS:
            values[name] = str(value)
    categories = values["categories"]
    feed.items.append(
        {
            **values,
            "link": iri_to_uri(values["link"]),
            "author_link": iri_to_uri(values["author_link"]),
            "enclosures": enclosures or (),
            "categories": [None if category is None else str(category) for category in categories]
            if categories
            else (),
        }
    )


# What SyndicationFeed.add_item() passes through str(): every argument but the links, the dates, the enclosures,
# the categories and unique_id_is_permalink; extra keyword arguments as they are.
_STR_ARGUMENTS = frozenset(
    ("title", "description", "author_email", "author_name", "comments", "unique_id", "item_copyright", "ttl")
)


def _has_control_characters(values):
    """Whether any text among `values` (strings, and lists or tuples of them) holds a control character."""
    texts = []
    for value in values:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list | tuple):
            texts += [part for part in value if isinstance(part, str)]
    return CONTROL_CHARACTERS.search("".join(texts)) is not None  # one character at a time: joining adds none


def _printable(value):
    if isinstance(value, str):  # SafeString too
        return printable(value) if CONTROL_CHARACTERS.search(value) else value
    if isinstance(value, list | tuple):
        return type(value)(printable(part) for part in value)
    return value


# What Django's XML writer refuses (SimplerXMLGenerator.characters).
XML_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


class QuickXMLGenerator(SimplerXMLGenerator):
    """Django's XML writer, writing an element with text (most of a feed's) in one go: the output of
    startElement(), characters() and endElement() for it, in one write."""

    def addQuickElement(self, name, contents=None, attrs=None):
        if not contents or not isinstance(contents, str) or XML_CONTROL_CHARACTERS.search(contents):
            return super().addQuickElement(name, contents, attrs)
        self._finish_pending_start_element()
        # What startElement() writes (the attributes sorted, as Django's writer sorts them), then characters().
        attributes = "".join(f" {key}={quoteattr(value)}" for key, value in sorted(attrs.items())) if attrs else ""
        self._write(f"<{name}{attributes}>{xml_text(contents)}</{name}>")

    def write_piece(self, piece):
        """Elements written out already (see PortalRssFeed.write_items)."""
        self._finish_pending_start_element()
        self._write(piece)


def _rss_element(name, text, attributes=""):
    """addQuickElement(name, text) as Django's writer writes it: empty, the short form."""
    return f"<{name}{attributes}>{xml_text(text)}</{name}>" if text else f"<{name}{attributes}/>"


DC_NAMESPACE = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'


class PortalRssFeed(PrintableFeed, Rss201rev2Feed):
    """RSS 2.0 with the full body in `content:encoded` beside the summary in `description`."""

    def write(self, outfile, encoding):
        """Django's RssFeed.write(), with the QuickXMLGenerator."""
        handler = QuickXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def write_items(self, handler):
        """Django's write_items(), each item written in one piece rather than element by element: what
        Rss201rev2Feed.add_item_elements() and this class's write for the items the portal makes (a
        title, a link, a description, an author's name, dates, a tag URI, topics, the body). Any other
        item (an enclosure, an author's e-mail, comments, a ttl, a control character) goes Django's way."""
        for item in self.items:
            piece = self.item_piece(item)
            if piece is None:
                handler.startElement("item", self.item_attributes(item))
                self.add_item_elements(handler, item)
                handler.endElement("item")
            else:
                handler.write_piece(piece)

    def item_piece(self, item):
        if item["enclosures"] or item["author_email"] or item["comments"] is not None or item["ttl"] is not None:
            return None
        if self.item_attributes(item):
            return None
        parts = ["<item>", _rss_element("title", item["title"]), _rss_element("link", item["link"])]
        if item["description"] is not None:
            parts.append(_rss_element("description", item["description"]))
        if item["author_name"]:
            parts.append(_rss_element("dc:creator", item["author_name"], DC_NAMESPACE))
        if item["pubdate"] is not None:
            parts.append(_rss_element("pubDate", rfc2822_date(item["pubdate"])))
        if item["unique_id"] is not None:
            permalink = item.get("unique_id_is_permalink")
            guid = f' isPermaLink="{str(permalink).lower()}"' if isinstance(permalink, bool) else ""
            parts.append(_rss_element("guid", item["unique_id"], guid))
        parts.extend(_rss_element("category", category) for category in item["categories"])
        if item.get("content_html"):
            parts.append(_rss_element("content:encoded", item["content_html"]))
        parts.append("</item>")
        piece = "".join(parts)
        return None if XML_CONTROL_CHARACTERS.search(piece) else piece  # Django's writer refuses it

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class PortalAtomFeed(PrintableFeed, Atom1Feed):
    """Atom 1.0 with the full body as `<content type="html">` beside the `<summary>`."""

    def write(self, outfile, encoding):
        """Django's Atom1Feed.write(), with the QuickXMLGenerator."""
        handler = QuickXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def item_attributes(self, item):
        """An entry whose text falls back to English in a feed in another language says so (RFC 4287 §2)."""
        attributes = super().item_attributes(item)
        if item.get("item_language") and item["item_language"] != self.feed["language"]:
            attributes["xml:lang"] = item["item_language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            attributes = {"type": "html"}
            entry_language = item.get("item_language") or self.feed["language"]
            if item.get("body_language") and item["body_language"] != entry_language:
                attributes["xml:lang"] = item["body_language"]  # a translated title over an English body
            handler.addQuickElement("content", item["content_html"], attributes)


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same items as the XML feeds."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def as_dict(self):
        feed = self.feed
        data = {
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed["author_name"] else None,
            "items": [self.item_dict(item) for item in self.items],
        }
        return {key: value for key, value in data.items() if value not in (None, "")}

    def item_dict(self, item):
        data = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item.get("summary_text"),
            "content_html": item.get("content_html") or format_html("<p>{}</p>", item.get("summary_text") or ""),
            "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
            "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
            "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
            "tags": list(item["categories"]) or None,
            # Only where the item falls back to English inside a feed in another language.
            "language": item.get("item_language") if item.get("item_language") != self.feed["language"] else None,
        }
        return {key: value for key, value in data.items() if value not in (None, "")}

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False, indent=1))


# --- Conditional GET ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """How many items are public now and when the newest change among them became visible."""

    count: int = 0
    last_modified: object = None

    def __add__(self, other):
        stamps = [s for s in (self.last_modified, other.last_modified) if s is not None]
        return Freshness(self.count + other.count, max(stamps) if stamps else None)


def freshness(*querysets):
    """One aggregate query over one or more querysets of published items (a UNION ALL of one row each).

    A scheduled item goes public when its `publish_at` passes without any row changing,
    so the item's own moment of change is the later of its edit and its publication.
    The count changes when an item is unpublished or deleted, which no date can show.
    """
    parts = [
        queryset.order_by()
        .annotate(one=Value(1, output_field=IntegerField()))
        .values("one")  # a constant: no GROUP BY, so one row even for no items
        .annotate(count=Count("pk"), last=Max(Greatest("updated_at", "publish_at")))
        .values_list("count", "last")
        for queryset in querysets
    ]
    if not parts:
        return Freshness()
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    total = Freshness()
    for count, last in rows:
        total += Freshness(count, last)
    return total


def item_freshness(item):
    return Freshness(1, max(item.updated_at, item.publish_at))


def read_only(view):
    """A document served as the feeds are: GET and HEAD, anything else a 405 (before any CSRF check, as the
    view changes nothing). For calendars, sitemaps and robots.txt."""
    return csrf_exempt(require_safe(view))


def make_etag(request, state, key=()):
    """Depends on the address (host, language prefix, format), the language, the filters and the items' state."""
    parts = (
        FORMAT_VERSION,
        request.build_absolute_uri(request.path),
        get_language(),
        tuple(key),
        state.count,
        state.last_modified.isoformat() if state.last_modified else "",
    )
    return f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"'


def conditional_response(request, state, render, key=(), changed=None):
    """`render()` only when the client's copy (If-None-Match / If-Modified-Since) is out of date; 304 otherwise.

    The validators follow the items shown and also the last change to anything public, so that a deleted or
    unpublished item, or a renamed topic or country, is news to a client polling with either header: the items
    left may all be older than the copy it holds. `changed`: that change, when the caller has it already.
    """
    state = state + Freshness(0, changed or last_content_change())
    etag = make_etag(request, state, key)

    @condition(etag_func=lambda request: etag, last_modified_func=lambda request: state.last_modified)
    def view(request):
        return render()

    return view(request)


# --- Filters -----------------------------------------------------------------------------------


class InvalidFilters(Exception):
    def __init__(self, form):
        super().__init__("invalid feed filters")
        self.form = form


def bad_filters_response(form, request):
    """A 400 in plain text naming each filter that is wrong; or, where a topic or country filter names it by a
    slug it had before, a permanent redirect to the same feed with the current one."""
    moved = moved_filters(request)
    if moved is not None:
        return moved
    lines = [_("This feed cannot be made from the filters given:")]
    for name, errors in form.errors.items():
        value = form.data.get(name, "")
        shown = value if len(value) <= 60 else value[:57] + "..."
        for error in errors:
            lines.append(f"- {name}={shown}: {error}")
    lines.append(_("Leave a filter out, or see %(url)s for the feeds on offer.") % {"url": reverse("feeds:index")})
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def id_authority():
    """The authority of tag URIs and calendar UIDs: a setting, so ids never depend on the host a reader used."""
    return settings.PORTAL_ID_AUTHORITY


def filter_query(data):
    """The filter parameters a feed was asked for, without empty ones or anything else (page, utm_source)."""
    return [(name, data[name]) for name in FILTER_NAMES if data.get(name)]


class ItemWords:
    """The reader's language, the separator of a place and the portal's name in that language, read once for
    all of a feed's items: each read of the active language is a context-local lookup, and a 50-item feed's
    meta lines made some 300 (and its authors translated the portal's name a few dozen times)."""

    def __init__(self):
        self.language = get_language()
        self.separator = place_separator()
        self.portal_name = str(settings.PORTAL_NAME)


class FeedItem:
    """One item of a feed: the plain values core.reads.feed_rows read (pk, slug, title, title_lang, summary,
    body_html, body_lang, kind, publish_at, ..., and its section's `texts` and `columns`), no model instance,
    with its section, its tag URI, its page's address and the site's, and the feed's ItemWords."""

    def __init__(self, section, values, guid, url, site, words):
        self.__dict__.update(values)
        self.feed_section, self.feed_guid, self.item_url, self.feed_site = section, guid, url, site
        self.feed_words = words
        self.topic_names = []

    def get_absolute_url(self):
        return self.item_url

    # As the item's own: publication, or its newest change note (read from publish_at and public_updated_at).
    last_public_change = Content.last_public_change

    @property
    def author(self):
        return getattr(self, SECTIONS[self.feed_section].author_field)

    def label(self, name):
        """The label of the choice in the field `name` (kind, initiative_status), in the reader's language."""
        model = SECTIONS[self.feed_section].model
        return choice_label(model, name, getattr(self, name), self.feed_words.language)


@dataclass
class FeedQuery:
    """What one request for a feed asks for, resolved: sections, filtered querysets, words for the title."""

    request: object
    sections: tuple  # SECTIONS keys
    queryset_of: object  # section -> its published items, filtered; built only when a query needs it
    what: str
    description: str = ""
    kind_first: bool = False
    subject: object = None
    filter_key: tuple = ()
    query: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)  # the cleaned values of the filters in use

    @cached_property
    def querysets(self):
        """{section: its published items, filtered}: for the count, and for the filters reads.newest_keys
        does not take."""
        return {key: self.queryset_of(key) for key in self.sections}

    @cached_property
    def last_change(self):
        """The last change to anything the feed shows (core.cache.last_content_change), read once per request."""
        return last_content_change([SECTIONS[key].model for key in self.sections])

    @cached_property
    def state(self):
        # A count over everything the feed could hold: kept until the content changes (core/counts.py).
        return remember("feed", (self.sections, self.filter_key), lambda: freshness(*self.querysets.values()))

    def newest(self, limit):
        """{section: [pk, ...]}: the keys of the newest `limit` items of all sections together, in one query
        reading no more than `limit` keys from each section's publication index: written out (core.reads) for
        a topic, a country and a kind, built by the ORM from the filtered querysets for words and years."""
        if set(self.filters) <= set(reads.FEED_FILTERS):
            return reads.newest_keys([(key, SECTIONS[key].model) for key in self.sections], self.filters, limit)
        if len(self.querysets) == 1:
            ((key, qs),) = self.querysets.items()
            return {key: list(qs.order_by("-publish_at", "-pk").values_list("pk", flat=True)[:limit])}
        parts = [
            qs.model.objects.filter(pk__in=qs.order_by("-publish_at", "-pk").values("pk")[:limit])
            .annotate(section=Value(key, output_field=CharField()))
            .values_list("publish_at", "pk", "section")
            .order_by()
            for key, qs in self.querysets.items()
        ]
        chosen = {key: [] for key in self.querysets}
        for _when, pk, key in parts[0].union(*parts[1:], all=True).order_by("-publish_at", "-pk")[:limit]:
            chosen[key].append(pk)
        return chosen

    def items(self, limit=MAX_ITEMS):
        """The newest `limit` items across the sections, newest first, as FeedItems with their topics' names:
        one query to choose them, one per section that has any, and one for all their topics, whatever the
        count."""
        host = id_authority()
        site = self.request.build_absolute_uri("/")
        words = ItemWords()
        found = []
        for key, pks in self.newest(limit).items():
            info = SECTIONS[key]
            head, tail = slug_pattern(info.detail_url)  # slug_url(), worked out once per section
            for values in reads.feed_rows(info.model, pks, info.texts, info.columns):
                guid, url = f"tag:{host},{TAG_YEAR}:{key}/{values['pk']}", f"{head}{values['slug']}{tail}"
                found.append(FeedItem(key, values, guid, url, site, words))
        topics = topics_of((item.feed_section, item.pk) for item in found)
        for item in found:
            item.topic_names = [topic["name"] for topic in topics[item.feed_section, item.pk]]
        found.sort(key=lambda item: (item.publish_at, item.pk), reverse=True)
        return found[:limit]

    def title(self):
        return full_title(self.what, self.description, self.kind_first)


def full_title(what, description="", kind_first=False):
    """ "SCO Cooperation Portal — Events on Artificial intelligence in Kazakhstan"."""
    if description:
        if kind_first:
            what = _("%(what)s: %(description)s") % {"what": what, "description": description}
        else:
            what = _("%(what)s %(description)s") % {"what": what, "description": description}
    return _("%(portal)s — %(what)s") % {"portal": settings.PORTAL_NAME, "what": what}


def _links(rss_name, atom_name, what, filterset=None, query=""):
    valid = filterset is not None and filterset.is_bound and filterset.is_valid()
    description = filterset.describe() if valid else ""
    kind_first = bool(valid and filterset.form.cleaned_data.get("kind"))
    suffix = f"?{query}" if query and valid else ""
    return {
        "feed_url": page_url(rss_name) + suffix,
        "atom_url": page_url(atom_name) + suffix,
        "feed_title": full_title(what, description, kind_first),
    }


def section_feed_links(section, filterset=None, query=""):
    """Autodiscovery context (feed_url, atom_url, feed_title) for a section's list or one of its items.

    A filtered list passes its bound FilterSet and its query string without `page`, so the
    advertised feed holds exactly what the list shows, under the title the feed itself has.
    """
    info = SECTIONS[section]
    return _links(f"feeds:{info.feed_name}_rss", f"feeds:{info.feed_name}_atom", info.label, filterset, query)


def latest_feed_links(filterset=None, query=""):
    """Autodiscovery context for the timeline (with its TimelineFilterSet) and other pages about everything."""
    return _links("feeds:latest_rss", "feeds:latest_atom", _("Everything"), filterset, query)


def webcal(url):
    """An absolute calendar address as calendar apps subscribe to it (webcal://)."""
    return "webcal://" + url.split("://", 1)[1]


def in_use(form):
    """The cleaned values of a valid filter form's filters that are in use."""
    return used_values(form.cleaned_data)


def used_values(cleaned_data):
    return {name: value for name, value in cleaned_data.items() if value not in (None, "", [])}


def cleaned_key(form):
    return tuple((name, str(getattr(value, "slug", value))) for name, value in sorted(in_use(form).items()))


def section_query(request, section):
    """A feed of one section, filtered like its list page."""
    info = SECTIONS[section]
    if not filter_query(request.GET):  # no filter in use: nothing to validate
        return FeedQuery(request=request, sections=(section,), queryset_of=published_of, what=str(info.label))
    filterset = info.filterset_class(request.GET, queryset=info.model.objects.published(), request=request)
    if not filterset.is_valid():
        raise InvalidFilters(filterset.form)
    return FeedQuery(
        request=request,
        sections=(section,),
        queryset_of=lambda key: filterset.qs,
        what=str(info.label),
        description=filterset.describe(),
        kind_first=bool(filterset.form.cleaned_data.get("kind")),
        filter_key=cleaned_key(filterset.form),
        query=filter_query(request.GET),
        filters=in_use(filterset.form),
    )


def apply_filters(filterset_class, cleaned_data, request):
    """A section's published items filtered by values another FilterSet with the same fields has
    already validated, so the topic and country are not looked up again for every section."""
    queryset = filterset_class._meta.model.objects.published()
    used = used_values(cleaned_data)
    if used:
        filterset = filterset_class(queryset=queryset, request=request)
        for name, value in used.items():
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def mixed_query(request, fixed=None):
    """A feed of every section, with the timeline's filters plus `fixed` ones (a topic or country from the path)."""
    data = request.GET.copy()
    for name, value in (fixed or {}).items():
        data[name] = value
    if not filter_query(data):  # no filter in use: nothing to validate
        return FeedQuery(request=request, sections=tuple(SECTIONS), queryset_of=published_of, what=_("Everything"))
    validator = TimelineFilterSet(data, queryset=NO_EVENTS, request=request)
    if not validator.is_valid():
        if fixed and any(name in validator.form.errors for name in fixed):
            raise Http404(_("There is no such topic or country."))
        raise InvalidFilters(validator.form)
    kind = validator.form.cleaned_data.get("kind")
    subject = next((validator.form.cleaned_data.get(name) for name in (fixed or {})), None)
    return FeedQuery(
        request=request,
        sections=tuple(key for key, info in SECTIONS.items() if not kind or kind in info.kinds.values),
        queryset_of=lambda key: apply_filters(SECTIONS[key].filterset_class, validator.form.cleaned_data, request),
        what=_("Everything"),
        description=validator.describe(),
        kind_first=bool(kind),
        subject=subject,
        filter_key=cleaned_key(validator.form),
        query=[(name, value) for name, value in filter_query(data) if name not in (fixed or {})],
        filters=in_use(validator.form),
    )


# What a FilterSet that only validates is given (the mixed feeds', the timeline's), and the timeline's paginator,
# which is told its count: neither reads a row. Made once, as a class-based view's `queryset` is: anything that
# would read it copies it first (.all()), and it is empty anyway.
NO_EVENTS = Event.objects.none()


def published_of(section):
    return SECTIONS[section].model.objects.published()


# --- Feed classes ------------------------------------------------------------------------------


class PortalFeed(Feed):
    """Base for every feed: filters from the query string, 400 on bad ones, conditional GET, rich items."""

    feed_type = PortalRssFeed
    item_guid_is_permalink = False
    max_items = MAX_ITEMS
    # A feed answers GET and HEAD and nothing else (405), so no method can change anything and a POST
    # gets that 405 rather than the CSRF failure page.
    csrf_exempt = True

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            obj = self.get_object(request, *args, **kwargs)
        except InvalidFilters as error:
            return bad_filters_response(error.form, request)

        def render():
            feedgen = self.get_feed(obj, request)
            buffer = io.StringIO()
            feedgen.write(buffer, "utf-8")
            # One piece of content: written into the response directly, the feed would be thousands of
            # little chunks, each its own write to the socket, and (kept in the page cache) every time.
            return HttpResponse(buffer.getvalue(), content_type=feedgen.content_type)

        return conditional_response(request, obj.state, render, key=obj.filter_key, changed=obj.last_change)

    # The feed.

    def title(self, obj):
        return obj.title()

    def description(self, obj):
        return _("The newest items first, as they are published on the %(portal)s.") % {"portal": settings.PORTAL_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return self.page_url(obj) + (f"?{urlencode(obj.query)}" if obj.query else "")

    def page_url(self, obj):
        return reverse("timeline")

    def feed_url(self, obj):
        return obj.request.path + (f"?{urlencode(obj.query)}" if obj.query else "")

    def feed_guid(self, obj):
        """The Atom feed's own id: a tag URI of its address, like its items', so the host a reader used (or
        a move from http to https) never makes it another feed."""
        return f"tag:{id_authority()},{TAG_YEAR}:{self.feed_url(obj)}"

    def author_name(self):
        return settings.PORTAL_NAME

    def feed_extra_kwargs(self, obj):
        return {"last_change": obj.last_change}

    def items(self, obj):
        return ()  # added by get_feed()

    def get_feed(self, obj, request):
        """Django's feed, with its items added here: each one's values through the item_* methods below,
        called directly where Django would look each of them up by introspection for every item (a third
        of a 50-item feed's time). The same arguments Django passes, so the same feed."""
        feed = super().get_feed(obj, request)
        domain, secure = get_current_site(request).domain, request.is_secure()
        zone = get_default_timezone()
        for item in obj.items(self.max_items):
            link = add_domain(domain, self.item_link(item), secure)
            author_name = self.item_author_name(item)
            pubdate, updateddate = self.item_pubdate(item), self.item_updateddate(item)
            add_item(
                feed,
                title=self.item_title(item),
                link=link,
                description=self.item_description(item),
                unique_id=self.item_guid(item),
                unique_id_is_permalink=self.item_guid_is_permalink,
                enclosures=(),
                pubdate=make_aware(pubdate, zone) if pubdate and is_naive(pubdate) else pubdate,
                updateddate=make_aware(updateddate, zone) if updateddate and is_naive(updateddate) else updateddate,
                author_name=author_name,
                author_email=None,
                author_link=None,
                comments=None,
                categories=self.item_categories(item),
                item_copyright=None,
                **self.item_extra_kwargs(item),
            )
        return feed

    # One item.

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS descriptions and Atom summaries are HTML; the summary is plain text (escaped as escape() does).
        return mark_safe(escape_text(item.summary))

    def item_guid(self, item):
        return item.feed_guid

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        # Readers hear of a change when an editor writes a change note; minor corrections move nothing.
        return item.last_public_change

    def item_author_name(self, item):
        return item.author or item.feed_words.portal_name

    def item_categories(self, item):
        return item.topic_names

    def item_extra_kwargs(self, item):
        return {
            "content_html": item_content_html(item),
            "summary_text": item.summary,
            "item_language": item.title_lang,
            "body_language": item.body_lang,
        }


def item_meta_line(item):
    """What kind of item it is, when and where, as a reader sees it on the item's page."""
    words = item.feed_words
    parts = [item.label("kind")]
    if item.feed_section == "event":
        parts += [format_span(item.start_date, item.date_precision, item.end_date, language=words.language)]
        parts += [item.venue, place(item.city, item.country_name, separator=words.separator)]
    elif item.feed_section == "statement":
        parts += [format_partial(item.issued_on, item.date_precision, words.language), item.issuer]
    else:
        parts += [item.label("initiative_status"), place(item.city, item.country_name, separator=words.separator)]
    return " · ".join(str(p) for p in parts if p)


def item_content_html(item):
    # body_html was sanitized when the item was saved (core.markup); the meta line is escaped here.
    body = item.body_html
    if RELATIVE_LINK.search(body):
        body = absolute_links(body, urljoin(item.feed_site, item.get_absolute_url()))
    return f"<p><strong>{escape_text(item_meta_line(item))}</strong></p>\n{body}"


# An address in sanitized HTML (always double-quoted) with no scheme: "/events/…", "#fn-1", "x/", "//host/p"
# (network-path references, RFC 3986 §4.2, given the scheme of the item's page), in a link, an image or a
# quotation's source (`cite`).
RELATIVE_LINK = re.compile(r'\b(?P<attribute>href|src|cite)="(?P<address>(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*)"')


def absolute_links(html, page):
    """`html` with its relative links made absolute against the item's `page`: a feed reader shows the body
    away from the site, and RSS has no base address to resolve them with."""
    return RELATIVE_LINK.sub(lambda found: f'{found["attribute"]}="{urljoin(page, found["address"])}"', html)


class SectionFeed(PortalFeed):
    """One section's feed; takes the same filters as the section's list page."""

    section = None

    def get_object(self, request):
        return section_query(request, self.section)

    def page_url(self, obj):
        return reverse(SECTIONS[self.section].list_url)

    def description(self, obj):
        return _("%(section)s from the %(portal)s, newest first by publication.") % {
            "section": SECTIONS[self.section].label,
            "portal": settings.PORTAL_NAME,
        }


class LatestFeed(PortalFeed):
    """Everything: events, initiatives and statements mixed, newest first; takes the timeline's filters."""

    def get_object(self, request):
        return mixed_query(request)

    def description(self, obj):
        return _("Events, initiatives and statements from the %(portal)s, newest first by publication.") % {
            "portal": settings.PORTAL_NAME
        }


class LatestAtomFeed(LatestFeed):
    feed_type = PortalAtomFeed


class LatestJsonFeed(LatestFeed):
    feed_type = JsonFeed


# --- The page for people -----------------------------------------------------------------------


class FeedIndexView(TemplateView):
    template_name = "core/feeds.html"

    def get_context_data(self, **kwargs):
        absolute = self.request.build_absolute_uri
        context = super().get_context_data(**kwargs)
        calendar_url = absolute(reverse("events:calendar"))
        statuses = dict(SCOStatus.choices)
        context.update(
            {
                "everything": {
                    "title": _("Everything"),
                    "about": _("Every event, initiative and statement as it is published, newest first."),
                    "rss": absolute(reverse("feeds:latest_rss")),
                    "atom": absolute(reverse("feeds:latest_atom")),
                    "json": absolute(reverse("feeds:latest_json")),
                },
                "sections": [
                    {
                        "key": key,
                        "title": info.label,
                        "about": info.about,
                        "rss": absolute(reverse(f"feeds:{info.feed_name}_rss")),
                        "atom": absolute(reverse(f"feeds:{info.feed_name}_atom")),
                        "list_url": reverse(info.list_url),
                    }
                    for key, info in SECTIONS.items()
                ],
                "topics": [
                    {
                        "object": topic,
                        "rss": absolute(reverse("feeds:topic_rss", kwargs={"slug": topic.slug})),
                        "atom": absolute(reverse("feeds:topic_atom", kwargs={"slug": topic.slug})),
                    }
                    for topic in Topic.objects.all()
                ],
                "countries": [
                    {
                        "object": country,
                        "status": statuses.get(country.sco_status, ""),
                        "rss": absolute(reverse("feeds:country_rss", kwargs={"slug": country.slug})),
                        "atom": absolute(reverse("feeds:country_atom", kwargs={"slug": country.slug})),
                    }
                    for country in Country.objects.in_sco_on()
                ],
                "calendar": {
                    "url": calendar_url,
                    "webcal": webcal(calendar_url),
                },
            }
        )
        context.update(latest_feed_links())
        return context
