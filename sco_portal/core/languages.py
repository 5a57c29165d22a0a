"""The reader's language comes from the URL alone: English unprefixed, then /ru/ and /zh-hans/.

Django's LocaleMiddleware does exactly that with `i18n_patterns(prefix_default_language=False)`,
but still marks unprefixed answers `Vary: Accept-Language`, although the browser's languages
never change them. Every distinct Accept-Language string a browser sends would then get its own
copy of each English page in the page cache and in any shared cache in front of the portal.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re


class URLLanguageMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
        # Only when every URL names its language, or means the default one by naming none.
        if i18n_patterns_used and not prefixed_default_language and response.has_header("Vary"):
            vary = [name for name in cc_delim_re.split(response["Vary"]) if name.lower() != "accept-language"]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        return response
