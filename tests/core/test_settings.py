import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x7#kq2!vR9zLm4@pW8sN1&cT6yB3hJ5dF0gA-uE_oI+iY=tQwZ"


def import_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sco_portal.settings as s; print(s.DEBUG, s.CACHES['default']['BACKEND'])"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"DJANGO_ALLOWED_HOSTS": "example.org"},
        {"DJANGO_SECRET_KEY": GOOD_KEY},
        {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "example.org"},
        {"DJANGO_SECRET_KEY": "django-insecure-" + "a" * 60, "DJANGO_ALLOWED_HOSTS": "example.org"},
    ],
)
def test_production_refuses_to_start_without_real_key_and_hosts(env):
    result = import_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_starts_with_key_and_hosts():
    result = import_settings(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_debug_runs_with_defaults_and_local_memory_cache():
    result = import_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_redis_url_selects_redis_cache():
    result = import_settings(DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.stdout.split()[1] == "django.core.cache.backends.redis.RedisCache"


def test_use_tz_is_on(settings):
    assert settings.USE_TZ is True
