"""The portal's URLs plus a few views that exist only for the production tests."""

import gzip
import itertools

from csp.decorators import csp_exempt, csp_update
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path
from django.utils.cache import patch_vary_headers

from sco_portal.urls import urlpatterns as portal_urlpatterns

_counter = itertools.count(1)


def by_encoding(request):
    """Compressed for clients that accept gzip, plain for the others, as a compressing proxy would answer."""
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(gzip.compress(b"hello"), content_type="text/plain")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(b"hello", content_type="text/plain")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def counter(request):
    return HttpResponse(str(next(_counter)), content_type="text/plain")


def sets_cookie(request):
    response = HttpResponse(str(next(_counter)), content_type="text/plain")
    response.set_cookie("seen", "1")
    return response


def fails(request):
    raise RuntimeError("A test failure with a\nmulti-line message")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("A test of the 400 page")


@csp_update({"img-src": "https://maps.example.org"})
def csp_update_view(request):
    return HttpResponse("a map", content_type="text/plain")


@csp_exempt()
def csp_exempt_view(request):
    return HttpResponse("no policy", content_type="text/plain")


urlpatterns = [
    path("test/csp-update/", csp_update_view),
    path("test/csp-exempt/", csp_exempt_view),
    path("test/by-encoding/", by_encoding),
    path("test/counter/", counter),
    path("test/sets-cookie/", sets_cookie),
    path("test/fails/", fails),
    path("test/forbidden/", forbidden),
    path("test/suspicious/", suspicious),
    *portal_urlpatterns,
]
