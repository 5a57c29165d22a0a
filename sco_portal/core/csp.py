"""The Content-Security-Policy header, from settings.CONTENT_SECURITY_POLICY (django-csp).

The public site needs no exception: no inline script or style, nothing from other origins.
The admin gets one: inline styles, because templates that are not ours carry them (Django's
change list adds a <style> block when a list has no actions; django-reversion-compare's
history and diff pages use a <style> block and style attributes). Scripts stay 'self' only
everywhere, so injected markup still cannot run.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts
