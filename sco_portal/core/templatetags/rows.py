"""The rows of lists: an entry of the timeline, search or home page, a card of a section's list, topic tags.

These are the markup a page repeats twenty times or more, so they are written here in Python
rather than as included templates: Django's template engine spends about a millisecond on each
included row, which made rows most of a list page's cost. Everything in them is escaped with
`escape()` (titles, summaries, places, labels, addresses) or comes from `highlight`, which escapes
before it marks. The rest of every page stays in `templates/`.

    {% load rows %}
    {% entry_row entry %}                  timeline, search and home entries (core.timeline.Entry)
    {% entry_row entry permalink=True %}   ... with "Link to this point" (the timeline)
    {% entry_row entry words=words %}      ... with the search words marked
    {% item_card item %}                   an event, initiative or statement in its section's list
    {% topic_tags topics %}                the topics of an item, as links
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sco_portal.core.addresses import slug_url
from sco_portal.core.templatetags.portal import highlight
from sco_portal.core.templatetags.translations import text_lang

register = template.Library()


def _meta(kind, date_iso, date_display, place):
    """The line above a row's title: what it is, when, where."""
    parts = [f'<p class="card-meta"><span class="kind">{kind}</span>']
    if date_display:
        parts.append(f' · <time datetime="{escape(date_iso)}">{escape(date_display)}</time>')
    if place:
        parts.append(f" · {escape(place)}")
    parts.append("</p>")
    return "".join(parts)


def _tags(topics):
    if not topics:
        return ""
    links = "".join(
        f'<li><a href="{slug_url("taxonomy:topic_detail", topic["slug"] if isinstance(topic, dict) else topic.slug)}"'
        f"{text_lang(topic, 'name')}>{escape(topic['name'] if isinstance(topic, dict) else topic.name)}</a></li>"
        for topic in topics
    )
    return f'<ul class="tags" aria-label="{escape(_("Topics"))}">{links}</ul>'


@register.simple_tag
def topic_tags(topics):
    """Topic links: Topic instances, or the dicts (name, slug, name_lang) of timeline entries."""
    return mark_safe(_tags(topics))


@register.simple_tag
def entry_row(entry, words=None, permalink=False):
    """One entry (core.timeline.Entry) as a list item."""
    title = highlight(entry.title, words) if words else escape(entry.title)
    kind = f"{escape(entry.section_label)} · {escape(entry.kind_label)}"
    parts = [
        f'<li class="entry entry-{escape(entry.section)}" id="{escape(entry.anchor)}">',
        _meta(kind, entry.date_iso, entry.date and entry.date_display, entry.place),
        f'<h3{text_lang(entry, "title")}><a href="{escape(entry.url)}">{title}</a></h3>',
    ]
    if entry.summary:
        summary = highlight(entry.summary, words) if words else escape(entry.summary)
        parts.append(f"<p{text_lang(entry, 'summary')}>{summary}</p>")
    parts.append(_tags(entry.topics))
    if permalink:
        parts.append(
            f'<p class="permalink"><a href="{reverse("timeline")}?at={escape(entry.anchor)}">'
            f"{escape(_('Link to this point'))}"
            f'<span class="visually-hidden"> ({escape(entry.title)})</span></a></p>'
        )
    parts.append("</li>")
    return mark_safe("\n".join(parts))


@register.simple_tag
def item_card(item):
    """An event, initiative or statement as a card of its section's list (topics prefetched)."""
    parts = [
        '<li class="card">',
        _meta(escape(item.get_kind_display()), item.date_iso, item.date_display, getattr(item, "place", "")),
        f'<h3{text_lang(item, "title")}><a href="{escape(item.get_absolute_url())}">{escape(item.title)}</a></h3>',
        f"<p{text_lang(item, 'summary')}>{escape(item.summary)}</p>",
        _tags(item.topics.all()),
        "</li>",
    ]
    return mark_safe("\n".join(parts))
