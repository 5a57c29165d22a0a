"""Events as iCalendar (RFC 5545): the whole filtered list to subscribe to, or one event to add."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, vDuration
from icalendar import Event as VEvent

from sco_portal.core.cache import last_content_change
from sco_portal.core.dates import DatePrecision
from sco_portal.core.feeds import (
    bad_filters_response,
    cleaned_key,
    conditional_response,
    freshness,
    full_title,
    id_authority,
    item_freshness,
    read_only,
)
from sco_portal.core.text import printable
from sco_portal.core.translation import language_of, place
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event

CONTENT_TYPE = "text/calendar; charset=utf-8"
# A subscribed calendar holds every event, past ones included; this cap only guards against runaway size.
MAX_EVENTS = 1000
# How often calendar apps should poll (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for older clients).
REFRESH = datetime.timedelta(hours=6)


def text_language(event, field):
    """The language `event.<field>` is shown in: the reader's, or English as the fallback (as the feeds say it)."""
    return language_of(event, field) if getattr(event, field) else get_language()


def all_day_span(event):
    """(first day, day after the last) as DATE values; DTEND is exclusive in iCalendar.

    A date known only to the month or the year spans that whole month or year:
    the calendar must not invent a day nobody reported.
    """
    start = event.start_date
    if event.date_precision == DatePrecision.YEAR:
        if start.year == datetime.MAXYEAR:
            raise OverflowError("no day after the year 9999")
        return start.replace(month=1, day=1), start.replace(year=start.year + 1, month=1, day=1)
    if event.date_precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following
    last = event.end_date if event.end_date and event.end_date >= start else start
    return start, last + datetime.timedelta(days=1)


def precision_note(event):
    if event.date_precision == DatePrecision.YEAR:
        return _("The exact day is not known; this entry spans the whole year.")
    if event.date_precision == DatePrecision.MONTH:
        return _("The exact day is not known; this entry spans the whole month.")
    return ""


def to_vevent(event, request, host):
    start, end = all_day_span(event)
    changed = max(event.updated_at, event.publish_at)
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@{host}")
    # Without a METHOD, DTSTAMP is when the information was last revised (RFC 5545 3.8.7.2).
    vevent.add("dtstamp", changed)
    vevent.add("last-modified", changed)
    vevent.add("created", event.publish_at)
    # Each text says its language (RFC 5545 LANGUAGE): the reader's, or English where it is not translated.
    # Texts are printable (core/text.py), even from a row written past save().
    vevent.add("summary", printable(event.title), parameters={"LANGUAGE": text_language(event, "title")})
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("transp", "TRANSPARENT")
    location = place(event.venue, event.city, event.country)
    if location:
        # One LANGUAGE for the whole line, so only where every part of it is in that language.
        languages = {text_language(event, field) for field in ("venue", "city") if getattr(event, field)}
        if event.country_id:
            languages.add(text_language(event.country, "name"))
        parameters = {"LANGUAGE": languages.pop()} if len(languages) == 1 else {}
        vevent.add("location", printable(location), parameters=parameters)
    vevent.add("url", request.build_absolute_uri(event.get_absolute_url()))
    vevent.add(
        "description",
        printable("\n\n".join(part for part in (event.summary, precision_note(event)) if part)),
        parameters={"LANGUAGE": text_language(event, "summary")},
    )
    # One CATEGORIES per language the topics' names are in (RFC 5545 allows several): the reader's, and
    # English for names not yet translated.
    by_language = {}
    for topic in event.topics.all():
        by_language.setdefault(text_language(topic, "name"), []).append(printable(topic.name))
    for language, names in by_language.items():
        vevent.add("categories", names, parameters={"LANGUAGE": language})
    return vevent


def build_calendar(events, request, name, subscription=True):
    """A calendar of `events`. A `subscription` (a calendar app polls it) is named and says how often to poll
    (RFC 7986); a single event's file is a one-off to import into a calendar the reader already has, so it
    carries neither, or a calendar app would make a calendar of its own for the one event."""
    host = id_authority()
    calendar = Calendar()
    # The product id names the software, in English whatever the calendar's language (hence //EN).
    with translation.override("en"):
        calendar.add("prodid", f"-//{settings.PORTAL_NAME}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if subscription:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name, parameters={"LANGUAGE": get_language()})
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
    for event in events:
        try:
            vevent = to_vevent(event, request, host)
        except OverflowError:  # a date past what a calendar can end (9999), written past the models' validation
            continue
        calendar.add_component(vevent)
    return calendar


def calendar_response(calendar, filename=None):
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@read_only  # GET and HEAD only (405 otherwise), like the feeds
def events_calendar(request):
    """/events/calendar.ics: the events list, with the same filters, for calendar apps to subscribe to."""
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published(), request=request)
    if not filterset.is_valid():
        return bad_filters_response(filterset.form, request)
    queryset = filterset.qs
    name = full_title(_("Events"), filterset.describe(), bool(filterset.form.cleaned_data.get("kind")))

    def render():
        events = (
            queryset.select_related("country").prefetch_related("topics").order_by("-start_date", "-pk")[:MAX_EVENTS]
        )
        return calendar_response(build_calendar(events, request, name))

    return conditional_response(
        request, freshness(queryset), render, key=cleaned_key(filterset.form), changed=last_content_change([Event])
    )


@read_only
def event_calendar(request, slug):
    """/events/<slug>/calendar.ics: one event, to download and add to a calendar."""
    event = get_object_or_404(Event.objects.published().select_related("country").prefetch_related("topics"), slug=slug)

    def render():
        calendar = build_calendar([event], request, event.title, subscription=False)
        return calendar_response(calendar, filename=f"{event.slug}.ics")

    return conditional_response(request, item_freshness(event), render, changed=last_content_change([Event]))
