"""gunicorn settings for the SCO Cooperation Portal; gunicorn reads this file from the working directory.

    gunicorn --bind 127.0.0.1:8000

Environment: GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes),
GUNICORN_THREADS (threads per worker). The portal's own settings come from the environment
too (README, "Settings").

Worker processes need a cache they all share (REDIS_URL or CACHE_URL): the page cache's
content generation lives there, and a process with a private cache would keep serving a page
another process had retired. Without one, the default is one process with several threads, and
more than one process is refused while the page cache is on.
"""

import gc
import multiprocessing
import os

from gunicorn.glogging import Logger

_shared_cache = bool(os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL"))
_page_cache_on = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600")) > 0

wsgi_app = "sco_portal.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1 if _shared_cache else 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1" if _shared_cache else "4"))
if workers > 1 and _page_cache_on and not _shared_cache:
    raise SystemExit(
        "gunicorn.conf.py: several worker processes need a shared cache. Set REDIS_URL, "
        "or run one worker (WEB_CONCURRENCY=1) with threads, or turn the page cache off (PORTAL_PAGE_CACHE_SECONDS=0)."
    )

# A request that takes longer than this is killed and logged; pages take milliseconds.
timeout = 30
# The longest request line gunicorn reads (its default is 4094 bytes): a search of 200 words in Cyrillic or
# Chinese, percent-encoded, is longer, and an over-long one deserves the portal's 400 naming the filter,
# not gunicorn's bare 414 page.
limit_request_line = 8190
graceful_timeout = 30
# Behind a load balancer that keeps connections open.
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Several servers on one machine (and one user) would share the default control socket path.
control_socket_disable = True


def post_worker_init(worker):
    """The application is loaded: move everything alive now out of the garbage collector's sight.

    Modules, settings, URL patterns and middleware live as long as the worker, yet every full
    collection would walk them all again; frozen, collections look only at what requests make. The
    start's own garbage is collected first, so none of it is kept for good.
    """
    gc.collect()
    gc.freeze()


class RequestLineFromDjango(Logger):
    """gunicorn's logger, minus the access log: the Django middleware writes the request line.

    gunicorn gathers an access line's fields (time, headers, sizes) for every request whenever a
    logging configuration is given, even when no handler would write the line.
    """

    def access(self, resp, req, environ, request_time):
        return None


logger_class = RequestLineFromDjango

# The Django middleware logs one JSON line per request (sco_portal.core.logs); gunicorn's own
# messages go to standard output in the same format.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sco_portal.core.logs.JSONFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # The request line comes from Django, with the duration and the page cache's answer.
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
