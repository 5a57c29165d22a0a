"""Characters that no page, feed or calendar can carry, kept out of the portal where they come in.

XML 1.0 forbids most control characters, so one in a title would make every feed holding the item fail,
and iCalendar and HTML forbid them too. They come from two places:

- **query strings** (`?q=%01`): `ControlCharactersMiddleware` reads each as U+FFFD, the replacement
  character, just as Django reads bytes that are not UTF-8, so every view and form sees printable text;
- **what editors save** (a vertical tab pasted from a word processor): `clean_text_fields`, run before
  any portal model is saved, turns line and page breaks into a line break (a space in one-line fields)
  and drops the rest, which are invisible anyway.

The feeds drop any that are still in older rows (`printable`), rather than fail.
"""

import re

from django.db import models
from django.http import QueryDict

from sco_portal.core.cache import is_portal_model

# The C0 controls but tab, line feed and carriage return; DEL and the C1 controls (RFC 5545's TEXT and
# HTML forbid them); XML's two non-characters; lone surrogates.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Vertical tab, form feed, file/group/record separators, next line (NEL).
BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85]")


def printable(text, breaks="\n"):
    """`text` without control characters; line and page breaks become `breaks`."""
    if not isinstance(text, str) or not CONTROL_CHARACTERS.search(text):
        return text
    return CONTROL_CHARACTERS.sub("", BREAKS.sub(breaks, text))


def _replaced(text):
    return CONTROL_CHARACTERS.sub("\ufffd", text)


class ControlCharactersMiddleware:
    """Query-string names and values with control characters read as U+FFFD in their place."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any(CONTROL_CHARACTERS.search(name + "".join(values)) for name, values in query.lists()):
            cleaned = QueryDict(mutable=True)
            for name, values in query.lists():
                cleaned.setlist(_replaced(name), [_replaced(value) for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


def clean_text_fields(sender, instance, **kwargs):
    """Before a portal model is saved: every text field without control characters (see the module)."""
    if not is_portal_model(sender):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            breaks = "\n" if isinstance(field, models.TextField) else " "
            cleaned = printable(value, breaks)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)
