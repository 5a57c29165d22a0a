"""The Content-Security-Policy header, from settings.CONTENT_SECURITY_POLICY (django-csp).

The public site needs no exception: no inline script or style, nothing from other origins.
The admin gets one: inline styles, because templates that are not ours carry them (Django's
change list adds a <style> block when a list has no actions; django-reversion-compare's
history and diff pages use a <style> block and style attributes). Scripts stay 'self' only
everywhere, so injected markup still cannot run.

The policy uses no nonce and no view changes it, so it is built once for the admin and once for
the rest and kept until a setting changes. A response that a django-csp decorator marks, or whose
view asked for a nonce, gets django-csp's own handling.
"""

import functools
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

# Attributes by which django-csp's decorators change or lift the policy of one response.
PER_RESPONSE = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)

HEADERS = (HEADER, HEADER_REPORT_ONLY)
SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")

_built = {}  # admin or not: (policy, report-only policy)


@functools.cache
def _admin_prefix():
    return reverse("admin:index")


@receiver(setting_changed)
def _forget_built_policies(**kwargs):
    _built.clear()
    _admin_prefix.cache_clear()


def _is_admin(request):
    return request.path_info.startswith(_admin_prefix())


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if _is_admin(request):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE)
        ):
            return super().process_response(request, response)
        admin = _is_admin(request)
        if admin not in _built:
            _built[admin] = (
                build_policy(**asdict(self.get_policy_parts(request, response))),
                build_policy(**asdict(self.get_policy_parts(request, response, report_only=True)), report_only=True),
            )
        for header, policy, setting in zip(HEADERS, _built[admin], SETTINGS, strict=True):
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if policy and header not in response and not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
