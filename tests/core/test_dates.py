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


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_dates_places_and_labels_given_a_language_read_as_they_do_with_it_active(language):
    """A feed reads the language once and passes it on; what it gets must not depend on which language
    happens to be active, nor on which was asked for first (the formatted dates are remembered)."""
    from django.utils import translation

    from sco_portal.core.dates import format_span
    from sco_portal.core.models import choice_label
    from sco_portal.core.translation import place, place_separator
    from sco_portal.events.models import Event, EventKind

    day, later = datetime.date(2025, 5, 1), datetime.date(2025, 6, 12)
    asked = [
        lambda language: format_partial(day, DatePrecision.MONTH, language),
        lambda language: format_partial(day, DatePrecision.YEAR, language),
        lambda language: format_span(day, DatePrecision.DAY, later, language=language),
        lambda language: choice_label(Event, "kind", EventKind.MINISTERS_MEETING, language),
    ]
    for other in ("en", "ru", "zh-hans"):
        with translation.override(other):
            given = [ask(language) for ask in asked]
        with translation.override(language):
            assert given == [ask(None) for ask in asked]
            separator = place_separator()
            assert place("Hall", "Astana", "Kazakhstan", separator=separator) == place("Hall", "Astana", "Kazakhstan")
    assert len({format_partial(day, DatePrecision.MONTH, other) for other in ("en", "ru", "zh-hans")}) == 3
