"""Counts over the whole archive, kept in the cache until the content changes.

"1,234 results", "page 3 of 62" and the timeline's year index count every published item that
matches, which takes time in proportion to the archive. The answer only changes when an editor
changes something or a scheduled item falls due, so it is kept in the cache under the page
cache's content generation (sco_portal/core/cache.py) until the next scheduled publication or
midnight, exactly like a cached page; the rows of the page itself are always read live.

PORTAL_COUNT_CACHE_SECONDS says for how long at most (0: count on every request); it follows
PORTAL_PAGE_CACHE_SECONDS unless set, since both need a cache that every server process shares
(or a single process). Set on its own, it keeps counts cached for pages rendered afresh.
"""

import hashlib
import logging
import math

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)


def remember(name, key, compute):
    """`compute()`, or what it returned before under the same name and key if nothing changed since."""
    seconds = getattr(settings, "PORTAL_COUNT_CACHE_SECONDS", getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0))
    if seconds <= 0:
        return compute()
    from sco_portal.core.cache import current_generation, fresh_until, page_cache

    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()[:32]
    try:
        cache = page_cache()
        cache_key = f"portal:counts:{current_generation()}:{name}:{digest}"
        found = cache.get(cache_key)
    except Exception as error:  # the cache is unreachable: count live, as the page cache serves live pages
        logger.error("Cache unavailable, counting without it: %r", error)
        return compute()
    if found is not None:
        return found
    # Counted from this moment on, so true until the next publication scheduled after it.
    started = timezone.now()
    value = compute()
    true_for = math.ceil((fresh_until(started) - timezone.now()).total_seconds())
    timeout = min(seconds, true_for)
    if timeout > 0:
        try:
            cache.set(cache_key, value, timeout)
        except Exception as error:
            logger.error("Cache unavailable, the count was not stored: %r", error)
    return value


class CountedPaginator(Paginator):
    """A Paginator told how many items there are, so it never counts them itself."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count, a cached_property
