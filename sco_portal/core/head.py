"""HEAD answered with GET's headers and no body (RFC 9110, 9.3.2).

Django leaves dropping the body to the server; gunicorn drops it and logs a warning for every HEAD, so
a load balancer's HEAD health checks would fill the log. The Content-Length stays the GET's.
"""


class HeadWithoutBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming and response.content:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response
