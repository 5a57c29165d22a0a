"""Dates an editor enters are plausible (1900 to 2199), so a typo such as 9999 never breaks the calendar, the
feeds or the admin's date filter; a row written past that check is left out of the calendar, not a 500."""

import datetime

import pytest
from icalendar import Calendar

from sco_portal.events.models import Event
from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9999-12-31", "1899-12-31", "2200-01-01"])
def test_an_implausible_date_is_refused_with_a_message(editor_client, value):
    event = EventFactory(start_date=datetime.date(2025, 5, 12))
    url = f"/admin/events/event/{event.pk}/change/"
    response = post_form(
        editor_client, url, change_form(editor_client, url, "event_form"), start_date=value, minor_change="on"
    )
    assert response.status_code == 200
    assert "Enter a date from 1900 to 2199." in response.content.decode()
    assert errors_in(response)
    assert Event.objects.get(pk=event.pk).start_date == datetime.date(2025, 5, 12)


@pytest.mark.parametrize("value", ["1900-01-01", "2199-12-31"])
def test_the_first_and_last_plausible_days_are_accepted(editor_client, value):
    event = EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    response = post_form(
        editor_client, url, change_form(editor_client, url, "event_form"), start_date=value, minor_change="on"
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).start_date.isoformat() == value


@pytest.mark.parametrize("precision", ["day", "month", "year"])
def test_an_event_dated_9999_by_other_means_is_left_out_of_the_calendar(client, precision):
    kept = EventFactory(title="Kept")
    odd = EventFactory(title="Odd")
    Event.objects.filter(pk=odd.pk).update(start_date=datetime.date(9999, 12, 31), date_precision=precision)
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == [kept.title]
