"""/healthz for load balancers and monitors: can this server reach its database and its cache?

200 with {"status": "ok", ...} when both answer; 503 naming what failed otherwise, so a load
balancer takes the server out of rotation. Never cached, touches no session, and says nothing
about the failure beyond its name (the details go to the log).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=30)
    try:
        if cache.get(key) != token:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **results}, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answers /healthz before anything reads the Host header.

    A load balancer checks each server at its own address (`Host: 10.0.0.5`), which is rightly not
    among DJANGO_ALLOWED_HOSTS, so Django would answer 400 and the balancer would take every server
    out of rotation. The check reveals nothing and changes nothing, so it needs no host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
