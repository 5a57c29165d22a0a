"""What every content item translates: the text a reader reads.

Each section registers its model in its own translation.py with these fields plus its own.
English is the language content is written in first; it is required, and a missing Russian or
Chinese text reads as English (settings.MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

import re

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import override, pgettext
from modeltranslation.translator import TranslationOptions
from modeltranslation.utils import build_localized_fieldname, get_language

from sco_portal.core import addresses
from sco_portal.core.markup import render_markdown

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class ContentTranslationOptions(TranslationOptions):
    # body_html is rendered from each language's body on save (Content.save).
    fields = ("title", "summary", "body", "body_html")
    required_languages = ("en",)


# --- Reading translated text in queries ---------------------------------------------------------
# Querysets that select raw columns (the timeline's UNION, search ranking) cannot use the
# model's fallback, so they build it in SQL: the reader's language, then English.


def reading_order(language=None):
    """The languages a reader's text is looked up in: their own, then English."""
    language = language or get_language()
    return [language] if language == DEFAULT_LANGUAGE else [language, DEFAULT_LANGUAGE]


def localized(field, language=None):
    """The text of `field` (a name or a lookup path like "country__name") in the reader's language.

    An empty translation counts as missing; the original column is the last resort, so a row
    saved without its translation columns still shows its text.
    """
    texts = [NullIf(F(build_localized_fieldname(field, lang)), Value("")) for lang in reading_order(language)]
    return Coalesce(*texts, F(field), output_field=TextField())


def text_language(field, language=None):
    """The language that `localized(field)` comes out in: the reader's, or English where it fell back."""
    language = language or get_language()
    if language == DEFAULT_LANGUAGE:
        return Value(DEFAULT_LANGUAGE, output_field=CharField())
    column = build_localized_fieldname(field, language)
    return Case(
        When(Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""}), then=Value(language)),
        default=Value(DEFAULT_LANGUAGE),
        output_field=CharField(),
    )


def contains(field, word, language=None):
    """`word` in the reader's language or in English, so untranslated items are still found."""
    lookup, value = substring_lookup(word)
    query = Q()
    for lang in reading_order(language):
        query |= Q(**{f"{build_localized_fieldname(field, lang)}__{lookup}": value})
    return query


def substring_lookup(word):
    """A case-insensitive substring match for `word`: (lookup, value).

    SQLite's LIKE folds the case of ASCII letters only, so "шос" would miss "ШОС"; its REGEXP is
    Python's `re`, which folds every script. It is slower, so only words that need it use it.
    Chinese has no case and PostgreSQL's UPPER() folds Cyrillic, so both keep `icontains`.
    """
    if connection.vendor == "sqlite" and not word.isascii() and word.lower() != word.upper():
        return "iregex", re.escape(word)
    return "icontains", word


def language_of(instance, field, language=None):
    """The language a reader sees `instance.<field>` in: their own if it is translated, else English."""
    language = language or get_language()
    return language if getattr(instance, build_localized_fieldname(field, language), None) else DEFAULT_LANGUAGE


def place(*parts, separator=None):
    """A venue, city and country as one line, with the reader's language's separator (a full-width
    comma in Chinese; `separator`: place_separator(), when the caller has it already); empty parts are
    left out."""
    return (separator or place_separator()).join(str(p) for p in parts if p)


def place_separator():
    """place()'s separator in the active language."""
    return _place_separator(*addresses.circumstances())


@addresses.kept_like_addresses
def _place_separator(language, urlconf, script_prefix):
    """place()'s separator in `language`, translated once (a feed or list asks for it dozens of times)."""
    with override(language):
        return pgettext("between the parts of a place: venue, city, country", ", ")


def render_bodies(item):
    """Render each language's Markdown body into its own body_html; returns the fields it set.

    An untranslated body leaves that language's HTML empty, so readers get the English one.
    """
    fields = ["body_html"]
    for language, _name in settings.LANGUAGES:
        body = getattr(item, build_localized_fieldname("body", language)) or ""
        html_field = build_localized_fieldname("body_html", language)
        setattr(item, html_field, render_markdown(body) if body else "")
        fields.append(html_field)
    return fields
