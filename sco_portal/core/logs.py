"""Logs a collector can read: one JSON object per line, one line per request, one per error.

`JSONFormatter` writes every record as a single line (a traceback goes into its "exception"
field, escaped, never across lines); gunicorn.conf.py uses it for gunicorn's own messages too.
`RequestLogMiddleware` writes the request line: method, path, query string, status, duration,
size, the client's address and whether the page cache answered.
"""

import datetime
import json
import logging
import time

from django.conf import settings

request_logger = logging.getLogger("sco_portal.request")

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: Django adds the request object to error records; its repr names method and path.
        return json.dumps(entry, default=str, ensure_ascii=False)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the entry the outermost trusted proxy added to X-Forwarded-For.

    Each of PORTAL_PROXY_COUNT proxies appends the address it received the request from, so the
    N-th entry from the right is the last one a client could not have forged.
    """
    proxies = settings.PORTAL_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        if response.streaming:
            size = int(response["Content-Length"]) if response.has_header("Content-Length") else None
        else:
            size = len(response.content)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "query": request.META.get("QUERY_STRING", "")[:1000],
                "status": response.status_code,
                "duration_ms": duration_ms,
                "bytes": size,
                "client": client_ip(request),
                "cache": getattr(request, "page_cache", None),
            },
        )
        return response
