"""Django's ConditionalGetMiddleware, with If-Unmodified-Since ignored where a page has no modification date.

RFC 9110, 13.1.4: "A recipient MUST ignore the If-Unmodified-Since header field ... if the resource does
not have a modification date available." Django compares it with a missing Last-Modified and answers 412,
so any request carrying the header failed on every HTML page (which have an ETag but no Last-Modified).
"""

from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    def process_response(self, request, response):
        if "HTTP_IF_UNMODIFIED_SINCE" not in request.META or response.has_header("Last-Modified"):
            return super().process_response(request, response)
        unmodified_since = request.META.pop("HTTP_IF_UNMODIFIED_SINCE")
        try:
            return super().process_response(request, response)
        finally:
            request.META["HTTP_IF_UNMODIFIED_SINCE"] = unmodified_since
