"""Test settings: production settings with a throwaway key, plain HTTP, and fast password hashing."""

import os
import uuid

os.environ.setdefault("DJANGO_SECRET_KEY", "test-" + "k3y-for-the-test-suite-only-never-deployed-anywhere-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from sco_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests don't need a collected, hashed static manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Test processes (pytest-xdist workers, other people's runs) may share one Redis server: each keeps its keys
# under its own prefix and clears only those.
_run = uuid.uuid4().hex[:12]
for _alias, _cache in CACHES.items():  # noqa: F405
    _cache["KEY_PREFIX"] = f"sco-test-{_alias}-{_run}"
    if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        _cache["BACKEND"] = "tests.production.redis_cache.PrefixClearingRedisCache"

# Views are tested live, the way the benchmark's "uncached" run serves them (some tests change rows with
# QuerySet.update() or count a view's queries). tests/production turns the page cache on to test it.
PORTAL_PAGE_CACHE_SECONDS = 0
# Counts too (sco_portal/core/counts.py); tests/performance/test_counts.py turns them on to test them.
PORTAL_COUNT_CACHE_SECONDS = 0
