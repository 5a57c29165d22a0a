import functools
import json
import re

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_from_path, get_language_info, gettext_noop, override
from django.utils.translation import gettext as _

from sco_portal.core import addresses
from sco_portal.core.dates import SPAN_SEPARATOR, format_partial, iso_partial

register = template.Library()


@register.simple_tag
def page_url(name):
    """`{% url name %}` for an address that takes no arguments, reversed once per language (core/addresses.py)
    rather than by the URL resolver on every page: the header and footer link a dozen of them."""
    return addresses.page_url(name)


# The site's main navigation: each page's address name and its label.
SITE_NAV = (
    ("timeline", gettext_noop("Timeline")),
    ("events:list", gettext_noop("Events")),
    ("centers:list", gettext_noop("Initiatives")),
    ("statements:list", gettext_noop("Statements")),
    ("taxonomy:country_list", gettext_noop("Countries")),
    ("taxonomy:topic_list", gettext_noop("Topics")),
    ("feeds:index", gettext_noop("Subscribe")),
)


@addresses.kept_like_addresses
def _site_nav(language, urlconf, script_prefix):
    with override(language):
        return escape(_("Main")), [(addresses.page_url(name), escape(_(label))) for name, label in SITE_NAV]


@register.simple_tag
def site_nav(path):
    """The main navigation, the page at `path` marked as the current one: on every page, so written here with
    its addresses and labels worked out once per language (the template engine made it a fifth of an error
    page's cost)."""
    label, items = _site_nav(*addresses.circumstances())
    current = ' aria-current="page"'
    links = "".join(
        f'        <li><a href="{escape(url)}"{current if path == url else ""}>{text}</a></li>\n' for url, text in items
    )
    return mark_safe(
        f'<nav class="site-nav" aria-label="{label}">\n      <ul class="wrap">\n{links}      </ul>\n    </nav>'
    )


class SameForEveryPageNode(template.Node):
    """Renders its contents once per language and URL configuration and remembers them."""

    KEPT = 64

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}

    def render(self, context):
        key = (*addresses.circumstances(), settings.PORTAL_NAME, settings.STATIC_URL)
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= self.KEPT:  # a few languages and configurations; never without bound
                self.rendered.clear()
            # Nothing of the page's own context: only what every page shares.
            html = self.rendered[key] = self.nodelist.render(context.new({"PORTAL_NAME": settings.PORTAL_NAME}))
        return html


@register.tag
def same_for_every_page(parser, token):
    """{% same_for_every_page %}...{% end_same_for_every_page %}: markup that depends on nothing but the
    language (the skip link, the header's brand and search box, the footer, the stylesheet's address),
    rendered once per language rather than on every page; inside, no variable but PORTAL_NAME."""
    nodelist = parser.parse(("end_same_for_every_page",))
    parser.delete_first_token()
    return SameForEveryPageNode(nodelist)


# Characters that must not appear raw inside a <script> data block.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def partial_date(value, precision="day"):
    """A <time> element for a date known to the day, month or year."""
    if not value:
        return ""
    return mark_safe(
        f'<time datetime="{iso_partial(value, precision)}">{escape(format_partial(value, precision))}</time>'
    )


@register.filter
def highlight(text, words):
    """Escape `text`, then wrap each search word in <mark>."""
    escaped = escape(text or "")
    words = [w for w in (words or []) if w]
    if not words:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(escape(w)) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD data block, escaped so no string can close the script element."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


# Open Graph names a locale as language_TERRITORY.
OG_LOCALES = {"en": "en_US", "ru": "ru_RU", "zh-hans": "zh_CN"}


@register.filter
def language_tag(code):
    """A Django language code as a BCP 47 tag for `lang` and `hreflang`: "zh-hans" -> "zh-Hans"."""
    language, *subtags = (code or "").split("-")
    return "-".join(
        [language.lower()]
        + [tag.title() if len(tag) == 4 else tag.upper() if len(tag) == 2 else tag.lower() for tag in subtags]
    )


def path_in_language(path, code):
    """The same page in another language: public addresses differ only by the language prefix.

    Done on the path rather than with `translate_url()`, which gives up on an address that
    does not resolve, so that a "page not found" still offers itself in every language.
    """
    return _in_language(_unprefixed(path), code)


def _unprefixed(path):
    prefixed = get_language_from_path(path)
    return (path[len(prefixed) + 1 :] or "/") if prefixed else path


def _in_language(unprefixed, code):
    return unprefixed if code == settings.LANGUAGE_CODE else f"/{code}{unprefixed}"


@functools.lru_cache(maxsize=8)
def _languages(codes, default):
    """(code, tag, local name, og:locale) of each language of `codes`, `default` first."""
    codes = sorted(codes, key=lambda code: code != default)
    return tuple(
        (code, language_tag(code), get_language_info(code)["name_local"], OG_LOCALES.get(code, code)) for code in codes
    )


@register.filter
def span_class(display):
    """` class="date-range"` for a <time> holding a span of dates, which may wrap between its dates on a phone
    where a single date never breaks (the stylesheet)."""
    return mark_safe(' class="date-range"') if SPAN_SEPARATOR in str(display) else ""


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in each language, the default first: for the switcher (`path`, query string included, so a
    reader keeps their filters), hreflang links (`url`: the canonical address in that language, without
    filters, page or campaign parameters, as the canonical link is; the first is also x-default) and
    og:locale."""
    request = context["request"]
    full_path, path = _unprefixed(request.get_full_path()), _unprefixed(request.path)  # each worked out once
    current = get_language()
    alternates = []
    codes = tuple(code for code, _name in settings.LANGUAGES)
    for code, tag, name, og_locale in _languages(codes, settings.LANGUAGE_CODE):
        alternates.append(
            {
                "code": code,
                "tag": tag,
                "name": name,
                "og_locale": og_locale,
                "path": _in_language(full_path, code),
                "url": request.build_absolute_uri(_in_language(path, code)),
                "current": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """The current query string without the given parameters (and without `page`)."""
    query = context["request"].GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


PERSON_KINDS = {"speech", "remarks"}  # said by one person; the other kinds are adopted by a body


def issuer_json_ld(statement):
    """The issuer as schema.org sees it: a Person for a speech or remarks ("Xi Jinping, President of China":
    the name, then the office after the first comma, full-width in Chinese), else an Organization."""
    if statement.kind not in PERSON_KINDS:
        return {"@type": "Organization", "name": statement.issuer}
    name, *office = (part.strip() for part in re.split("[,，]", statement.issuer, maxsplit=1))
    person = {"@type": "Person", "name": name}
    if office and office[0]:
        person["jobTitle"] = office[0]
    return person


@register.simple_tag(takes_context=True)
def json_ld_for(context, obj):
    """schema.org data for an event (Event), a statement (Article) or an initiative (Organization)."""
    request = context["request"]
    url = request.build_absolute_uri(obj.get_absolute_url())
    model = obj._meta.model_name
    if model == "event":
        data = {
            "@type": "Event",
            "name": obj.title,
            "startDate": obj.date_iso,
            "description": obj.summary,
            "url": url,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        }
        if obj.end_date:
            data["endDate"] = obj.end_date.isoformat()
        # A place only where the sources give one: never an empty address, never the event's title as its place.
        if obj.venue or obj.city or obj.country_id:
            address = {"@type": "PostalAddress"}
            if obj.city:
                address["addressLocality"] = obj.city
            if obj.country_id:
                address["addressCountry"] = obj.country.iso_code
            data["location"] = {"@type": "Place", "name": obj.venue or obj.place, "address": address}
        if obj.hosts:
            data["organizer"] = {"@type": "Organization", "name": obj.hosts}
    elif model == "statement":
        data = {
            "@type": "Article",
            "headline": obj.title[:110],
            "datePublished": obj.date_iso,
            "dateModified": obj.last_public_change.isoformat(),
            "description": obj.summary,
            "author": issuer_json_ld(obj),
            "publisher": {"@type": "Organization", "name": settings.PORTAL_NAME},
            "mainEntityOfPage": url,
        }
    else:
        data = {"@type": "Organization", "name": obj.title, "description": obj.summary, "url": url}
        if obj.city or obj.country_id:
            data["address"] = {
                "@type": "PostalAddress",
                **({"addressLocality": obj.city} if obj.city else {}),
                **({"addressCountry": obj.country.iso_code} if obj.country_id else {}),
            }
        if obj.key_date:
            data["foundingDate"] = obj.date_iso
    return json_ld({"@context": "https://schema.org", **data})


@register.simple_tag
def activity_svg(chart):
    """The timeline's bar chart (core.timeline.activity_chart) as SVG, with a text equivalent in <desc>.

    Written here rather than in the template: a chart is a hundred-odd elements, and the template
    engine made it a sixth of the timeline's cost. The timeline view draws it once for a language and
    set of filters and keeps it with the counts it shows (core.views.drawn_chart). Numbers are never
    localised: a decimal comma (Russian) would break every coordinate.
    """
    bars = chart["bars"]
    desc = "".join(
        f"{bar['year']}: {', '.join(escape(s['text']) for s in bar['segments'])}. " for bar in bars if bar["total"]
    )
    parts = [
        f'<svg viewBox="0 0 {chart["width"]} {chart["height"]}" role="img" aria-labelledby="chart-title chart-desc"'
        ' class="activity-chart">',
        f'<title id="chart-title">{escape(_("Activity per year"))}</title>',
        f'<desc id="chart-desc">{desc}</desc>',
        f'<line x1="20" x2="{chart["width"] - 20}" y1="{chart["baseline"]}" y2="{chart["baseline"]}" class="axis"/>',
    ]
    for bar in bars:
        parts.append("<g>")
        for s in bar["segments"]:
            parts.append(
                f'<rect x="{bar["x"]}" y="{s["y"]}" width="{bar["width"]}" height="{s["height"]}"'
                f' class="bar bar-{s["section"]}"><title>{bar["year"]}: {escape(s["text"])}</title></rect>'
            )
        if bar["show_label"]:
            parts.append(
                f'<text x="{bar["label_x"]}" y="{chart["label_y"]}" text-anchor="middle" class="bar-label">'
                f"{bar['year']}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped; the rest are numbers and fixed names


@register.simple_tag
def filter_fields(form):
    """Each field of a filter form with its label, as `{% for field in form %}` would write them:

        <div class="field">
          <label for="{{ field.id_for_label }}">{{ field.label }}</label>
          {{ field }}
        </div>

    in Python, since a list page renders its filter form on every request (the widgets render themselves)."""
    parts = []
    for field in form:
        parts.append(
            f'\n    <div class="field">\n      <label for="{conditional_escape(field.id_for_label)}">'
            f"{conditional_escape(field.label)}</label>\n      {field}\n    </div>\n    "
        )
    return mark_safe("".join(parts))  # the labels escaped; each widget is safe HTML of its own
