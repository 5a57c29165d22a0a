"""Item addresses without a full `reverse()` for every link.

A list page links twenty items and forty-odd topics, and Django's `reverse()` walks the URL
resolver for each one. Every address of an item is the same pattern with its slug in it, so
`slug_url()` reverses each pattern once per language and URL configuration, then fills in
slugs. Slugs are made of letters, digits, hyphens and underscores, which an address never
needs to escape, so the result is exactly what `reverse()` gives.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override

PLACEHOLDER = "slug-placeholder-0"


_KEPT = []


def kept_like_addresses(function):
    """`function` of an address's circumstances (a language, a URL configuration, a script prefix; see
    circumstances()), remembered per arguments and forgotten with the addresses when a setting they follow
    changes: for what holds addresses or depends on the language alone."""
    kept = functools.lru_cache(maxsize=512)(function)
    _KEPT.append(kept)
    return kept


@kept_like_addresses
def _pattern(name, language, urlconf, script_prefix):
    with override(language):
        head, found, tail = reverse(name, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf).partition(PLACEHOLDER)
    assert found, name
    return head, tail


def circumstances():
    """What an address depends on besides its name: the language, the URL configuration, the script prefix."""
    return get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def slug_pattern(name):
    """(head, tail) such that head + slug + tail is `reverse(name, kwargs={"slug": slug})` in the active language."""
    return _pattern(name, *circumstances())


def slug_url(name, slug):
    """`reverse(name, kwargs={"slug": slug})`, for the active language."""
    head, tail = slug_pattern(name)
    return f"{head}{slug}{tail}"


def page_url(name):
    """`reverse(name)` for an address without arguments, in the active language."""
    return _address(name, *circumstances())


@kept_like_addresses
def _address(name, language, urlconf, script_prefix):
    with override(language):
        return reverse(name, urlconf=urlconf)


ADDRESS_SETTINGS = {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}  # what addresses follow


@receiver(setting_changed)
def forget_patterns(*, setting, **kwargs):
    if setting in ADDRESS_SETTINGS:
        for kept in _KEPT:
            kept.cache_clear()
