import datetime

import pytest

from sco_portal.core.dates import DatePrecision, format_partial, iso_partial
from tests.factories import EventFactory


def test_partial_dates_show_only_what_is_known():
    day = datetime.date(2025, 5, 1)
    assert format_partial(day, DatePrecision.MONTH) == "May 2025"
    assert format_partial(day, DatePrecision.YEAR) == "2025"
    assert format_partial(datetime.date(2025, 6, 12), DatePrecision.DAY) == "June 12, 2025"
    assert iso_partial(day, DatePrecision.MONTH) == "2025-05"
    assert iso_partial(day, DatePrecision.YEAR) == "2025"


@pytest.mark.django_db
def test_month_precision_event_never_shows_a_day(client):
    event = EventFactory(start_date=datetime.date(2025, 5, 17), date_precision=DatePrecision.MONTH, title="First train")
    event.refresh_from_db()
    assert event.start_date == datetime.date(2025, 5, 1)
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2025-05">May 2025</time>' in html
    assert "May 1, 2025" not in html and "May 17" not in html
