"""Dates known only to the year or the month ("in May 2025"), shown as precisely as known."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import formats
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import get_language, override, pgettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


# Every date an editor enters: generous for an archive of the SCO (1996 on) and its sources, and far
# enough from the year 9999 that a calendar can always end an event a day, a month or a year later.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def plausible_date(value):
    """Validator: refuses a date before 1900 or after 2199 (a typo such as 9999 for a year)."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s."),
            code="implausible_date",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


def truncate(value, precision):
    """The first day of the known period, which is how a partial date is stored."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def format_partial(value, precision, language=None):
    """The date in the reader's language (or `language`): "May 2025" / "май 2025 г." / "2025年5月"."""
    if value is None:
        return ""
    return _format_partial(value, precision, language or get_language())


@functools.lru_cache(maxsize=4096)
def _format_partial(value, precision, language):
    # A list page writes dozens of dates, mostly a few months over; formatting one is slow in Django.
    with override(language):
        return _formatted(value, precision)


def _formatted(value, precision):
    if precision == DatePrecision.YEAR:
        return pgettext("a date known only to the year", "%(year)s") % {"year": value.year}
    if precision == DatePrecision.MONTH:
        return month_and_year(value)
    return formats.date_format(value, "DATE_FORMAT")


def month_and_year(value):
    """The locale's YEAR_MONTH_FORMAT, with the month name written as it is inside a sentence.

    Django's month names (format "F") are capitalised as on a calendar page ("Май"), while
    its alternative names (format "E", the form used in running text) show how the language
    writes them mid-sentence ("мая", but "May"); the month takes that capitalisation.
    """
    text = formats.date_format(value, "YEAR_MONTH_FORMAT")
    name, in_sentence = str(MONTHS[value.month]), str(MONTHS_ALT[value.month])
    if in_sentence[:1].islower() and name[:1].isupper():
        text = text.replace(name, name[:1].lower() + name[1:], 1)
    return text


def iso_partial(value, precision):
    """A valid HTML `<time datetime>` value: "2025", "2025-05" or "2025-05-12"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


SPAN_SEPARATOR = " – "  # between the first and last day of a span: "31 August – 1 September 2025"


def format_span(start, start_precision, end, end_precision=DatePrecision.DAY, language=None):
    if end is None or end == start:
        return format_partial(start, start_precision, language)
    return (
        f"{format_partial(start, start_precision, language)}{SPAN_SEPARATOR}"
        f"{format_partial(end, end_precision, language)}"
    )


@receiver(setting_changed)
def forget_formatted_dates(*, setting, **kwargs):
    if setting in {"DATE_FORMAT", "YEAR_MONTH_FORMAT", "FORMAT_MODULE_PATH", "LANGUAGE_CODE", "LANGUAGES", "USE_TZ"}:
        _format_partial.cache_clear()
