"""The rows of lists: an entry of the timeline, search or home page, a card of a section's list, topic tags.

These are the markup a page repeats twenty times or more, so they are written here in Python
rather than as included templates: Django's template engine spends about a millisecond on each
included row, which made rows most of a list page's cost. Every text in them is escaped with
`escape_text()` (titles, summaries, places, labels, addresses), or comes from `highlight`, which
escapes before it marks. The rest of every page stays in `templates/`.

    {% load rows %}
    {% entry_row entry %}                  timeline, search and home entries (core.timeline.Entry)
    {% entry_row entry permalink=True %}   ... with "Link to this point" (the timeline)
    {% entry_row entry words=words %}      ... with the search words marked
    {% item_card item %}                   an event, initiative or statement in its section's list
    {% topic_tags topics %}                the topics of an item, as links
    {% timeline_entries entries today %}   the timeline's entries under their years and months
    {% year_links year_index %}            the timeline's "Jump to a year" links, with each year's count
"""

from itertools import groupby

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from sco_portal.core import addresses
from sco_portal.core.addresses import page_url, slug_pattern
from sco_portal.core.markup import escape_text as _e
from sco_portal.core.templatetags.portal import highlight, span_class
from sco_portal.core.templatetags.translations import shown_language
from sco_portal.core.timeline import SECTIONS

register = template.Library()


def _lang(obj, field, language):
    """` lang="en"` where `obj`'s `field` is shown in English for want of a translation, else nothing."""
    shown = shown_language(obj, field, language)
    return f' lang="{_e(shown)}"' if shown != language else ""


def _meta(kind, date_iso, date_display, place):
    """The line above a row's title: what it is (escaped already), when, where."""
    parts = [f'<p class="card-meta"><span class="kind">{kind}</span>']
    if date_display:
        parts.append(f' · <time datetime="{_e(date_iso)}"{span_class(date_display)}>{_e(date_display)}</time>')
    if place:
        parts.append(f" · {_e(place)}")
    parts.append("</p>")
    return "".join(parts)


@addresses.kept_like_addresses
def _common(language, urlconf, script_prefix):
    """What every row in `language` shares, worked out once: labels, the topic link's pattern and the
    timeline's address (core/addresses.py). Keyed like an address, as it holds two."""
    with override(language):
        return {
            "topics": _e(_("Topics")),
            "link to this point": _e(_("Link to this point")),
            "topic": slug_pattern("taxonomy:topic_detail"),
            "timeline": _e(page_url("timeline")),
            "items": {section: slug_pattern(info["url"]) for section, info in SECTIONS.items()},
            "sections": {section: str(info["label"]) for section, info in SECTIONS.items()},
        }


def shared():
    """The active language, and _common() for it and the URL configuration."""
    circumstances = addresses.circumstances()
    return circumstances[0], _common(*circumstances)


def _url(entry, common):
    """`entry.url` (core.timeline.Entry), from its section's address pattern in `common`."""
    head, tail = common["items"][entry.section]
    return f"{head}{entry.slug}{tail}"


def _tags(topics, language, common):
    """Topic instances, or the dicts (name, slug, name_lang) of core.timeline.topics_of()."""
    if not topics:
        return ""
    head, tail = common["topic"]
    links = []
    for topic in topics:
        slug, name = (topic["slug"], topic["name"]) if isinstance(topic, dict) else (topic.slug, topic.name)
        links.append(f'<li><a href="{head}{_e(slug)}{tail}"{_lang(topic, "name", language)}>{_e(name)}</a></li>')
    return f'<ul class="tags" aria-label="{common["topics"]}">{"".join(links)}</ul>'


@register.simple_tag
def topic_tags(topics):
    """Topic links: Topic instances, or the dicts of core.timeline.topics_of()."""
    return mark_safe(_tags(topics, *shared()))


def _what(entry, common):
    """ "Event · Forum"; a statement of the kind "statement" is "Statement", not "Statement · Statement"."""
    kind, section = str(entry.kind_label or ""), common["sections"][entry.section]  # each worked out once
    if not kind or kind == section:
        return _e(section)
    return f"{_e(section)} · {_e(kind)}"


@register.simple_tag
def entry_row(entry, words=None, permalink=False):
    """One entry (core.timeline.Entry) as a list item."""
    return mark_safe(_entry_row(entry, words, permalink, *shared()))


def _entry_row(entry, words, permalink, language, common):
    title = highlight(entry.title, words) if words else _e(entry.title)
    anchor = _e(entry.anchor)
    parts = [
        f'<li class="entry entry-{_e(entry.section)}" id="{anchor}">',
        _meta(_what(entry, common), entry.date_iso, entry.date_display, entry.place),
        f'<h3{_lang(entry, "title", language)}><a href="{_e(_url(entry, common))}">{title}</a></h3>',
    ]
    if entry.summary:
        summary = highlight(entry.summary, words) if words else _e(entry.summary)
        parts.append(f"<p{_lang(entry, 'summary', language)}>{summary}</p>")
    parts.append(_tags(entry.topics, language, common))
    if permalink:
        parts.append(
            f'<p class="permalink"><a href="{common["timeline"]}?at={anchor}">{common["link to this point"]}'
            f'<span class="visually-hidden"> ({_e(entry.title)})</span></a></p>'
        )
    parts.append("</li>")
    return "\n".join(parts)


@register.simple_tag
def item_card(item):
    """An event, initiative or statement of a section's list as a card (a core.timeline.Entry from
    core.timeline.list_cards)."""
    language, common = shared()
    parts = [
        '<li class="card">',
        _meta(_e(item.kind_label), item.date_iso, item.date_display, item.place),
        f'<h3{_lang(item, "title", language)}><a href="{_e(_url(item, common))}">{_e(item.title)}</a></h3>',
        f"<p{_lang(item, 'summary', language)}>{_e(item.summary)}</p>",
        _tags(item.topics, language, common),
        "</li>",
    ]
    return mark_safe("\n".join(parts))


def _today_marker(today, element):
    text = _("Today, %(d)s") % {"d": date_format(today, "DATE_FORMAT")}
    return f'<{element} class="today-marker" id="today"><span>{_e(text)}</span></{element}>'


@register.simple_tag
def timeline_entries(entries, today):
    """The timeline's entries under a heading for each year and month, with the "Today" marker before the
    first entry that is not in the future (`entry.is_today_marker`, set by the view)."""
    parts = []
    language, common = shared()
    for year, in_year in groupby(entries, key=lambda entry: entry.date.year):
        in_year = list(in_year)
        if in_year[0].is_today_marker:
            parts.append(_today_marker(today, "p"))
        parts.append(f'<section class="timeline-year" aria-labelledby="year-{year}">\n<h2 id="year-{year}">{year}</h2>')
        for _month, in_month in groupby(in_year, key=lambda entry: entry.month_key):
            in_month = list(in_month)
            parts.append(
                f'<h3 class="timeline-month">{_e(in_month[0].month_label)}</h3>\n<ol class="entries timeline">'
            )
            for entry in in_month:
                if entry.is_today_marker and entry is not in_year[0]:
                    parts.append(_today_marker(today, "li"))
                parts.append(_entry_row(entry, None, True, language, common))
            parts.append("</ol>")
        parts.append("</section>")
    return mark_safe("\n".join(parts))  # every piece is escaped, or an entry_row


@register.simple_tag
def year_links(year_index):
    """The items of the timeline's "Jump to a year" list: each year ({"year", "count", "href"}, from the view)
    as a link to the page and heading where it starts, with its number of entries."""
    return mark_safe(
        "".join(
            f'<li><a href="{_e(y["href"])}#year-{int(y["year"])}">{int(y["year"])}</a> '
            f'<span class="muted">({int(y["count"])})</span></li>'
            for y in year_index
        )
    )
