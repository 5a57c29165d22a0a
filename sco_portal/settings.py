"""Settings for the SCO Cooperation Portal, read from the environment.

Defaults suit a developer's machine only when DJANGO_DEBUG is on; with it off
(the default) the portal refuses to start without a real secret key and hosts.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    # Content translations (title_ru, title_zh_hans, ...); must precede the admin it patches.
    "modeltranslation",
    # The admin with the editors' start page (sco_portal.core.admin_site).
    "sco_portal.core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "reversion",
    "reversion_compare",
    # Content-Security-Policy header (settings below) and admin sign-in lockout.
    "csp",
    "axes",
    "sco_portal.core",
    "sco_portal.taxonomy",
    "sco_portal.events",
    "sco_portal.centers",
    "sco_portal.statements",
]

MIDDLEWARE = [
    # Outermost: one log line per request, static files and cached pages included, with its duration.
    "sco_portal.core.logs.RequestLogMiddleware",
    # HEAD gets GET's headers and no body, so the server has nothing to drop and warn about.
    "sco_portal.core.head.HeadWithoutBodyMiddleware",
    # /healthz answers here, before anything reads the Host header: a load balancer checks a server at its address.
    "sco_portal.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Straight after security: static files need no session, locale or auth.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters in the query string read as U+FFFD, so no page, feed or calendar quotes one.
    "sco_portal.core.text.ControlCharactersMiddleware",
    # Outside the page cache, so every response, cached or not, carries the current policy.
    "sco_portal.core.csp.PortalCSPMiddleware",
    # Stores pages on the way out; before every middleware that adds Vary or cookies, so it sees them.
    "sco_portal.core.cache.UpdatePageCacheMiddleware",
    # Answers readers from the page cache at once. It answers only requests without a session or messages
    # (cache.cacheable_request), for which the session, CSRF, authentication and lockout checks below
    # have nothing to say; a stored page already carries every header those add.
    "sco_portal.core.cache.FetchPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL (Django's LocaleMiddleware, without Vary: Accept-Language); before common,
    # which redirects /ru to /ru/.
    "sco_portal.core.languages.URLLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag/Last-Modified answers for pages and feeds that set them (Django's, If-Unmodified-Since as RFC 9110 says).
    "sco_portal.core.conditional.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns axes' lockout of the admin sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sco_portal.urls"
WSGI_APPLICATION = "sco_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sco_portal.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite, the one-machine default, serves several threads (and the admin's editors) at once:
# - "IMMEDIATE": every transaction takes the write lock when it begins. A transaction that reads and
#   then writes (every admin save) would otherwise fail at once with "database is locked" when another
#   writer got there between its read and its write, since SQLite cannot wait there without deadlock;
#   now it waits its turn.
# - "timeout": how long, in seconds, a writer waits for another's transaction before giving up.
# - WAL: readers never wait for a writer, nor a writer for readers (the journal mode is kept in the file).
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL / REDIS_URL must be a redis:// or rediss:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "sco",
            "TIMEOUT": 60 * 60,
        }
    }
    # The page cache's content generation and the time each section last changed, kept apart from the
    # pages (sco_portal/core/cache.py): without an expiry, in the same Redis (whose eviction policy must
    # spare keys without one: noeviction or volatile-*, as the README says).
    CACHES["state"] = {**CACHES["default"], "KEY_PREFIX": "sco-state", "TIMEOUT": None}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sco-portal",
            "TIMEOUT": 60 * 60,
        },
        # A handful of keys that must outlive any flood of pages: a local-memory cache drops its least
        # recently used third whenever it holds MAX_ENTRIES (300) keys, and a crawler asking for a few
        # hundred addresses would otherwise drop the content generation and every feed's last change.
        "state": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sco-portal-state",
            "TIMEOUT": None,
        },
    }

# Public pages and feeds are kept in the cache above for this many seconds at most (0 turns the page
# cache off). Any change by an editor retires them at once; see sco_portal/core/cache.py.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))
# Never cached, with or without a language prefix: the admin, the health check, staff previews.
PORTAL_PAGE_CACHE_SKIP = ("admin/", "healthz", "preview/")
# Counts over the whole archive (results, pages, the timeline's years) are kept in the same cache for this many
# seconds at most, under the same rules (sco_portal/core/counts.py); by default as long as pages.
PORTAL_COUNT_CACHE_SECONDS = int(os.environ.get("PORTAL_COUNT_CACHE_SECONDS", PORTAL_PAGE_CACHE_SECONDS))

# Sessions live in the database so any app server can read them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in lockout (django-axes): after 5 failures for one user name from one address, that pair is
# locked out for AXES_COOLOFF_TIME; a successful sign-in clears the count. Attempts live in the database,
# so every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
# Administrators lift a lockout with `manage.py axes_reset_username NAME` (or axes_reset_ip); the attempt logs stay
# out of the editors' admin.
AXES_ENABLE_ADMIN = False
# 429 with the admin-styled page templates/axes/lockout.html.
AXES_LOCKOUT_CALLABLE = "sco_portal.core.lockout.lockout_response"
# Behind a proxy the client's address is in X-Forwarded-For; see DJANGO_PROXY_COUNT.
AXES_CLIENT_IP_CALLABLE = "sco_portal.core.logs.client_ip"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content is written in English first; a missing Russian or Chinese translation reads as English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Slugs are made from the English title, whatever language the admin is shown in.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Set DJANGO_STATIC_URL to a CDN address (https://cdn.example.org/static/) whose origin pulls /static/ from the
# app servers; the hashed file names let it keep every file forever.
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production hardening; the SSL redirect can be switched off behind a TLS proxy on loopback.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers check health over plain HTTP and do not follow redirects.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF or language cookie.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many proxies in front of gunicorn append to X-Forwarded-For (0: the client connects directly). The
# client's address, for the sign-in lockout and the logs, is the one the outermost trusted proxy saw.
PORTAL_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from this site (and its static
# files' CDN), no inline script, no plugins, never framed. JSON-LD blocks are data, which CSP does not block.
# The admin alone also allows inline styles (sco_portal/core/csp.py says why).
_static_origin = "{0.scheme}://{0.netloc}".format(urlsplit(STATIC_URL)) if urlsplit(STATIC_URL).netloc else None
_own = [SELF, *([_static_origin] if _static_origin else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": _own,
        "style-src": _own,
        "img-src": _own,
        "font-src": _own,
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Logs go to standard output, one line each: a JSON object per line in production (DJANGO_LOG_FORMAT=json, the
# default with debug off), plain text for a developer. sco_portal.request writes one line per request;
# django.request one per server error, its traceback in the same line's "exception" field.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sco_portal.core.logs.JSONFormatter"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT},
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # 4xx answers are in the request line already; server errors are logged here with their traceback.
        "django.request": {"level": "ERROR"},
        # A request for a host not in DJANGO_ALLOWED_HOSTS is internet noise, answered 400 and logged as a
        # request like any other; Django would add an ERROR with a traceback for each.
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
        # Its start-up banner would land in the output of every management command.
        "axes.apps": {"level": "WARNING"},
    },
}

# The portal's own settings.
PORTAL_NAME = _("SCO Cooperation Portal")
# The authority in feed item ids and calendar UIDs (tag:<authority>,2025:event/12). Never change it once
# subscribers exist: readers would show every item again.
# `manage.py check --deploy` warns while it is the placeholder (core/checks.py).
PORTAL_ID_AUTHORITY = os.environ.get("PORTAL_ID_AUTHORITY", "sco-portal.example")
PORTAL_PAGE_SIZE = 20
SCO_FOUNDING_YEAR = 2001
