"""iCalendar: the subscribable events calendar with the list's filters, and one event's .ics."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from sco_portal.core.dates import DatePrecision
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import EventKind
from tests.feeds import helpers as h

pytestmark = pytest.mark.django_db
D = datetime.date


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(v["uid"]): v for v in calendar.walk("VEVENT")}


def one(calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def test_calendar_has_the_required_properties(client):
    h.event()
    calendar = parse(client.get("/events/calendar.ics"))
    assert str(calendar["version"]) == "2.0"
    assert "SCO Cooperation Portal" in str(calendar["prodid"])
    assert str(calendar["x-wr-calname"]) == "SCO Cooperation Portal — Events"
    assert len(calendar.walk("VEVENT")) == 1


def test_single_day_event_is_one_all_day_date(client):
    event = h.event(start_date=datetime.date(2025, 5, 12))
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert vevent.decoded("dtstart") == datetime.date(2025, 5, 12)
    assert vevent.decoded("dtend") == datetime.date(2025, 5, 13)  # DTEND is exclusive
    assert "VALUE=DATE" in vevent.to_ical().decode()
    assert str(vevent["uid"]) == f"event-{event.pk}@sco-portal.example"


def test_multi_day_event_ends_the_day_after_its_last_day(client):
    h.event(start_date=datetime.date(2025, 8, 31), end_date=datetime.date(2025, 9, 1))
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert vevent.decoded("dtstart") == datetime.date(2025, 8, 31)
    assert vevent.decoded("dtend") == datetime.date(2025, 9, 2)


@pytest.mark.parametrize(
    ("precision", "stored", "start", "end", "note"),
    [
        (DatePrecision.MONTH, D(2025, 5, 17), D(2025, 5, 1), D(2025, 6, 1), "month"),
        (DatePrecision.MONTH, D(2024, 12, 3), D(2024, 12, 1), D(2025, 1, 1), "month"),
        (DatePrecision.MONTH, D(2024, 2, 10), D(2024, 2, 1), D(2024, 3, 1), "month"),
        (DatePrecision.YEAR, D(2022, 9, 16), D(2022, 1, 1), D(2023, 1, 1), "year"),
    ],
)
def test_partial_dates_span_the_whole_month_or_year_with_a_note(client, precision, stored, start, end, note):
    h.event(start_date=stored, date_precision=precision, summary="Known only roughly.")
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert vevent.decoded("dtstart") == start
    assert vevent.decoded("dtend") == end
    description = vevent.decoded("description")
    assert description.startswith("Known only roughly.")
    assert f"The exact day is not known; this entry spans the whole {note}." in description


def test_event_properties(client):
    ai = h.topic()
    energy = h.topic("Energy", "energy")
    kz = h.country()
    event = h.event(
        title="Digital ministers meet; AI, data",
        summary="Ministers met.",
        venue="Palace of Independence",
        city="Astana",
        country=kz,
        topics=[ai, energy],
    )
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert vevent.decoded("summary") == "Digital ministers meet; AI, data"
    assert vevent.decoded("location") == "Palace of Independence, Astana, Kazakhstan"
    assert str(vevent["url"]) == f"http://testserver/events/{event.slug}/"
    assert vevent.decoded("description") == "Ministers met."
    assert sorted(str(c) for c in vevent["categories"].cats) == ["Artificial intelligence", "Energy"]
    assert vevent.decoded("last-modified") == max(event.updated_at, event.publish_at).replace(microsecond=0)
    assert vevent.decoded("dtstamp").tzinfo is not None


def test_uid_is_stable_across_edits_and_slug_changes(client):
    event = h.event()
    before = str(one(parse(client.get("/events/calendar.ics")))["uid"])
    event.slug = "a-new-slug"
    event.title = "A new title"
    event.start_date = datetime.date(2025, 6, 1)
    event.save()
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert str(vevent["uid"]) == before
    assert str(vevent["url"]).endswith("/events/a-new-slug/")
    single = one(parse(client.get("/events/a-new-slug/calendar.ics")))
    assert str(single["uid"]) == before


def test_calendar_takes_the_events_lists_filters(client):
    ai, kz = h.topic(), h.country()
    match = h.event(topics=[ai], countries=[kz], kind=EventKind.FORUM, start_date=datetime.date(2025, 4, 1))
    h.event(topics=[ai], kind=EventKind.FORUM, start_date=datetime.date(2025, 4, 2))
    h.event(countries=[kz], kind=EventKind.SUMMIT, start_date=datetime.date(2024, 4, 2))
    calendar = parse(client.get("/events/calendar.ics?topic=artificial-intelligence&country=kazakhstan&utm_source=x"))
    assert list(vevents(calendar)) == [f"event-{match.pk}@sco-portal.example"]
    assert str(calendar["x-wr-calname"]) == "SCO Cooperation Portal — Events on Artificial intelligence in Kazakhstan"
    assert len(parse(client.get("/events/calendar.ics?kind=forum&year=2025")).walk("VEVENT")) == 2
    assert len(parse(client.get("/events/calendar.ics?year=2024")).walk("VEVENT")) == 1


@pytest.mark.parametrize(
    "query", ["year=abc", "topic=no-such-topic", "kind=bogus", "country=atlantis", "q=" + "x" * 500]
)
def test_calendar_rejects_bad_filters_with_400(client, query):
    h.event()
    response = client.get(f"/events/calendar.ics?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert query.split("=")[0] + "=" in response.content.decode()
    assert b"BEGIN:VCALENDAR" not in response.content


def test_drafts_and_scheduled_events_never_appear(client):
    public = h.event(title="Public")
    h.event(title="Draft", status=PublicationStatus.DRAFT)
    scheduled = h.event(title="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=2))
    calendar = parse(client.get("/events/calendar.ics"))
    assert list(vevents(calendar)) == [f"event-{public.pk}@sco-portal.example"]
    h.set_times(scheduled, publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert len(parse(client.get("/events/calendar.ics")).walk("VEVENT")) == 2


def test_one_events_ics_is_an_attachment(client):
    event = h.event(slug="astana-forum")
    h.event()
    response = client.get("/events/astana-forum/calendar.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == 'attachment; filename="astana-forum.ics"'
    assert str(one(calendar)["uid"]) == f"event-{event.pk}@sco-portal.example"
    # A one-off to import into a calendar the reader has: no calendar name, no polling interval (RFC 7986).
    assert not {"x-wr-calname", "name", "refresh-interval", "x-published-ttl"} & {k.lower() for k in calendar}
    subscribed = parse(client.get("/events/calendar.ics"))
    assert {"x-wr-calname", "name", "refresh-interval"} <= {k.lower() for k in subscribed}


def test_one_events_ics_is_404_unless_public(client):
    h.event(slug="draft-event", status=PublicationStatus.DRAFT)
    h.event(slug="later-event", publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/events/draft-event/calendar.ics").status_code == 404
    assert client.get("/events/later-event/calendar.ics").status_code == 404
    assert client.get("/events/no-such-event/calendar.ics").status_code == 404


def test_empty_calendar_is_still_valid(client):
    calendar = parse(client.get("/events/calendar.ics"))
    assert calendar.walk("VEVENT") == []


def test_calendar_exists_under_language_prefixes(client):
    event = h.event()
    vevent = one(parse(client.get("/ru/events/calendar.ics")))
    assert str(vevent["url"]) == f"http://testserver/ru/events/{event.slug}/"
    assert str(vevent["uid"]) == f"event-{event.pk}@sco-portal.example"


@pytest.mark.parametrize("n", [5, 30])
def test_calendar_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, n):
    ai, energy = h.topic(), h.topic("Energy", "energy")
    kz = h.country()
    for _ in range(n):
        h.event(topics=[ai, energy], countries=[kz], country=kz)
    with django_assert_max_num_queries(3):
        response = client.get("/events/calendar.ics")
    assert len(parse(response).walk("VEVENT")) == n
    with django_assert_max_num_queries(5):
        response = client.get("/events/calendar.ics?topic=energy&country=kazakhstan")
    assert len(parse(response).walk("VEVENT")) == n


def test_event_page_item_link_answers_200(client):
    event = h.event()
    vevent = one(parse(client.get("/events/calendar.ics")))
    assert client.get(str(vevent["url"]).removeprefix("http://testserver")).status_code == 200
    assert client.get(event.get_absolute_url()).status_code == 200


def test_event_page_offers_its_own_ics(client):
    event = h.event(slug="astana-forum")
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'href="/events/astana-forum/calendar.ics"' in html
    assert client.get("/events/astana-forum/calendar.ics").status_code == 200


def test_each_text_says_the_language_it_is_really_in(client):
    from tests.factories import CountryFactory, EventFactory, TopicFactory

    event = EventFactory(
        city="Astana",  # no Russian name yet
        country=CountryFactory(name="Kazakhstan", name_ru="Казахстан", slug="kz"),
        topics=[
            TopicFactory(name="Energy", name_ru="Энергетика", slug="energy"),
            TopicFactory(name="Quantum computing", slug="quantum"),
        ],
    )
    vevent = one(parse(client.get(f"/ru/events/{event.slug}/calendar.ics")))
    # An English city beside a Russian country: the line is in no one language, so it claims none.
    assert vevent.decoded("location") == "Astana, Казахстан"
    assert "LANGUAGE" not in vevent["location"].params
    categories = {c.params["LANGUAGE"]: [str(n) for n in c.cats] for c in vevent["categories"]}
    assert categories == {"ru": ["Энергетика"], "en": ["Quantum computing"]}
    event.city_ru = "Астана"
    event.save()
    vevent = one(parse(client.get(f"/ru/events/{event.slug}/calendar.ics")))
    assert vevent["location"].params["LANGUAGE"] == "ru"
