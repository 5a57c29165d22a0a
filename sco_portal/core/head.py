"""HEAD answered with GET's headers and no body (RFC 9110, 9.3.2).

Inside this middleware a HEAD is handled as the GET it stands for, so it gets exactly GET's headers: the
ETag and Last-Modified too, and a 304 to a conditional HEAD (Django's ConditionalGetMiddleware only looks
at GET), from the page cache or not. Django leaves dropping the body to the server; gunicorn drops it and
logs a warning for every HEAD, so a load balancer's HEAD health checks would fill the log. The
Content-Length stays the GET's.
"""


class HeadWithoutBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = request.META["REQUEST_METHOD"] = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = request.META["REQUEST_METHOD"] = "HEAD"
        if response.streaming:  # a static file (whitenoise): its Content-Length is set already
            response.streaming_content = []
        elif response.content:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response
