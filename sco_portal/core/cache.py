"""The page cache: public pages and feeds, rendered once and shared by every app server, never stale.

Anonymous GET and HEAD requests for public pages and feeds are answered from the configured
cache (Redis when several servers share it) through Django's cache middleware and utilities.
Three rules keep a cached page from ever outliving the truth:

1. Every key carries the site's *content generation*, a number kept in the same cache. Saving
   or deleting any model of the portal's apps, or changing its many-to-many relations, moves
   the generation on (`content_changed`), so every server's very next request renders afresh.
   It moves once when the change is made and once more when its transaction commits: a page
   rendered from the old rows in between is left under a generation nobody reads any more.
2. A stored page remembers until when it is true: the next scheduled publication, or midnight
   (pages count what is upcoming as of today), whichever comes first. A scheduled item thus
   appears on time although no row changes when it does.
3. Only plain public answers are stored: 200, no cookie set, not private, not for a request
   that carries a session (signed-in staff always see live pages), and never the admin, the
   health check or previews (settings.PORTAL_PAGE_CACHE_SKIP).

Clients are told `Cache-Control: no-cache`: they may keep a copy but must ask again each time,
which costs a 304 from the cache (ETag) until something changes.

Bulk writes that send no model signals (QuerySet.update(), bulk_create(), raw SQL) must call
`content_changed()` themselves.
"""

import datetime
import functools
import logging
import math
import re
import time

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone
from django.utils.cache import get_cache_key, get_max_age, learn_cache_key, patch_cache_control

from sco_portal.core.conditional import ConditionalGetMiddleware
from sco_portal.core.languages import URLLanguageMiddleware

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:content-generation"
CHANGED_AT_KEY = "portal:content-changed-at"  # one per app label, and ANY_APP for changes of unknown origin
ANY_APP = "*"
ALWAYS_SHOWN = ("taxonomy", "core")  # topics, countries and sources, change notes and former addresses
PORTAL_APP_PREFIX = "sco_portal."


def page_cache():
    from django.core.cache import caches

    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def state_cache():
    """Where the content generation and the last changes live: the "state" cache, apart from the pages, so
    that no number of pages stored can push them out."""
    from django.core.cache import caches

    return caches["state"]


# --- The content generation ------------------------------------------------------------------------


def current_generation():
    cache = state_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh (or flushed) cache: start from the clock, so the number never repeats one whose pages
        # might still be stored.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def content_changed(model=None):
    """Retire every cached page on every server, and note when `model`'s app changed (all of them when it is
    not known). Raises if the cache cannot be reached: a change that could not retire the pages must not be
    saved either."""
    cache = state_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation stored yet
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    cache.set(_changed_at_key(model._meta.app_label if model else ANY_APP), time.time(), timeout=None)


def _changed_at_key(app_label):
    return f"{CHANGED_AT_KEY}:{app_label}"


def last_content_change(models=()):
    """When anything public that `models` show last changed: an edit, but also a deletion, an unpublished item or
    a renamed topic, which no item's own dates show. Taxonomy and change notes count for every model. A time
    not known (the cache was emptied) counts from now: later than the truth, never earlier."""
    cache = state_cache()
    labels = {model._meta.app_label for model in models} | set(ALWAYS_SHOWN) | {ANY_APP}
    keys = [_changed_at_key(label) for label in sorted(labels)]
    stamps = cache.get_many(keys)
    for key in keys:
        if key not in stamps:
            cache.add(key, time.time(), timeout=None)
            stamps[key] = cache.get(key)
    return datetime.datetime.fromtimestamp(max(stamps.values()), tz=datetime.UTC)


@functools.cache
def _portal_app_labels():
    return {config.label for config in apps.get_app_configs() if config.name.startswith(PORTAL_APP_PREFIX)}


def is_portal_model(model):
    return model._meta.app_label in _portal_app_labels()


def _model_changed(sender, using=None, action="post", **kwargs):
    if action.startswith("pre_") or not is_portal_model(sender):
        return
    content_changed(sender)
    transaction.on_commit(functools.partial(content_changed, sender), using=using, robust=True)


def connect_signals():
    """Any model of any portal app, present or future: content, taxonomy, change notes, redirects."""
    post_save.connect(_model_changed, dispatch_uid="portal-page-cache-save")
    post_delete.connect(_model_changed, dispatch_uid="portal-page-cache-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="portal-page-cache-m2m")


# --- How long a page rendered now stays true ----------------------------------------------------------


def fresh_until(now):
    """Until when a page rendered since `now` is true: the next publication scheduled after `now`, or the
    next midnight, whichever comes first (one query)."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    from sco_portal.core.models import content_models

    scheduled = [
        model._default_manager.scheduled(now).order_by().values_list("publish_at", flat=True)
        for model in content_models()
    ]
    if scheduled:
        union = scheduled[0].union(*scheduled[1:], all=True).order_by("publish_at")[:1]
        next_due = next(iter(union), None)
        if next_due is not None and next_due < midnight:
            return next_due
    return midnight


# --- The middleware -------------------------------------------------------------------------------


@functools.lru_cache
def _skip_pattern(languages, skipped):
    languages = "|".join(re.escape(code) for code in languages)
    skipped = "|".join(re.escape(prefix) for prefix in skipped)
    return re.compile(rf"/(?:(?:{languages})/)?(?:{skipped})")


def _skipped_path(path):
    # Built once per pair of settings, not on every request.
    languages = tuple(code for code, _name in settings.LANGUAGES)
    return _skip_pattern(languages, tuple(settings.PORTAL_PAGE_CACHE_SKIP)).match(path) is not None


def cacheable_request(request):
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not _skipped_path(request.path)
    )


def storable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and get_max_age(response) != 0
    )


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    """Straight after UpdatePageCacheMiddleware: answers a cacheable request from the cache when a fresh
    copy is stored, before the middleware below it runs.

    The language is chosen first, by the portal's language middleware, because it is part of the key.
    A hit still answers conditional requests (304), as ConditionalGetMiddleware below would have.
    `request.page_cache` records what happened for the request log: hit, miss, or off.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.locale = URLLanguageMiddleware(get_response)
        self.conditional = ConditionalGetMiddleware(get_response)

    def process_request(self, request):
        request.page_cache = "off"
        if not cacheable_request(request):
            return None
        self.locale.process_request(request)
        # A host that is not allowed gets Django's own 400 (DisallowedHost) here, not a cache failure below.
        request.get_host()
        try:
            prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}page.{current_generation()}"
            response = None
            for method in ("GET", "HEAD") if request.method == "HEAD" else ("GET",):
                key = get_cache_key(request, prefix, method, cache=self.cache)
                response = self.cache.get(key) if key else None
                if response is not None:
                    break
        except Exception as error:
            # The cache is unreachable: serve live pages (the health check reports the cache).
            logger.error("Page cache unavailable, serving without it: %r", error)
            return None
        # The page will be rendered after this moment; what it shows is true until fresh_until(started).
        request.page_cache_started = now = timezone.now()
        request.page_cache_prefix = prefix
        request.page_cache = "miss"
        if response is None or now.timestamp() >= getattr(response, "portal_fresh_until", 0):
            return None
        request.page_cache = "hit"
        response["X-Cache"] = "hit"
        return self.conditional.process_response(request, response)


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """Early in MIDDLEWARE, so it stores a response after every other middleware has added its headers."""

    def process_response(self, request, response):
        if response.status_code >= 400 and not response.has_header("Cache-Control"):
            # An error is true of this moment only (a 404 for an item scheduled for noon, a 503): without a
            # word, a browser or a CDN may keep it for a while by its own reckoning. Revalidate instead.
            patch_cache_control(response, no_cache=True)
        prefix = getattr(request, "page_cache_prefix", None)
        if prefix is None or getattr(request, "page_cache", "") != "miss" or not storable_response(response):
            return response
        until = fresh_until(request.page_cache_started)
        now = timezone.now()
        timeout = min(settings.PORTAL_PAGE_CACHE_SECONDS, math.ceil((until - now).total_seconds()))
        if timeout <= 0:
            return response
        patch_cache_control(response, no_cache=True)
        response.portal_fresh_until = min(until.timestamp(), now.timestamp() + timeout)
        try:
            key = learn_cache_key(request, response, timeout, prefix, cache=self.cache)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda rendered: self.cache.set(key, rendered, timeout))
            else:
                self.cache.set(key, response, timeout)
        except Exception as error:
            logger.error("Page cache unavailable, the page was not stored: %r", error)
            return response
        response["X-Cache"] = "miss"
        return response
