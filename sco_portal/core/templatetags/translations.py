"""Telling readers when content falls back to English.

`{{ item|text_lang:"title" }}` gives ` lang="en"` for an element whose text is shown in English because
it has no translation in the reader's language (so screen readers pronounce it right), and nothing
otherwise. It takes a model instance, or a timeline/search entry or topic dict that carries the
language of its text in `<field>_lang`. `{% untranslated item as missing %}` lists which of an item's
title, summary and body a reader sees in English.
"""

from django import template
from django.utils.html import format_html
from modeltranslation.utils import get_language

from sco_portal.core.translation import DEFAULT_LANGUAGE, language_of

register = template.Library()

READER_FIELDS = ("title", "summary", "body")


def shown_language(obj, field, language=None):
    """The language `obj`'s `field` is shown in to a reader of `language` (by default the active one)."""
    language = language or get_language()
    if language == DEFAULT_LANGUAGE or obj is None:
        return language
    if isinstance(obj, dict):
        return obj.get(f"{field}_lang") or language
    if hasattr(obj, "_meta"):
        return language_of(obj, field, language)
    return getattr(obj, f"{field}_lang", "") or language


@register.filter
def text_lang(obj, field):
    language = shown_language(obj, field)
    return format_html(' lang="{}"', language) if language != get_language() else ""


@register.simple_tag
def untranslated(item):
    """The reader-facing fields of `item` that are shown in English for want of a translation."""
    language = get_language()
    if language == DEFAULT_LANGUAGE:
        return []
    return [
        field
        for field in READER_FIELDS
        if getattr(item, f"{field}_{DEFAULT_LANGUAGE}", "") and language_of(item, field, language) != language
    ]
