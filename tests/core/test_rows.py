"""core/templatetags/rows.py: every row links its own item's page, in the reader's language."""

import re

import pytest
from django.utils import translation

from tests.factories import CenterFactory, EventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROW_LINK = re.compile(r'<h3[^>]*><a href="([^"]+)">')
PAGES = ["/", "/timeline/", "/events/", "/centers/", "/statements/", "/search/?q=energy"]


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_each_row_links_its_items_page(client, language):
    topic = TopicFactory(slug="energy", name="Energy")
    items = [
        factory(title=f"Energy {factory.__name__}", summary="energy", topics=[topic], slug=f"energy-{n}")
        for n, factory in enumerate((EventFactory, CenterFactory, StatementFactory))
    ]
    with translation.override(language):
        expected = {item.get_absolute_url() for item in items}
    prefix = "" if language == "en" else f"/{language}"
    seen = set()
    for page in PAGES:
        response = client.get(prefix + page)
        assert response.status_code == 200, page
        links = set(ROW_LINK.findall(response.content.decode()))
        assert links, page
        assert links <= expected, (page, links - expected)
        seen |= links
    assert seen == expected
    for link in expected:
        assert client.get(link).status_code == 200


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_entries_told_the_language_once_say_what_they_say_with_it_active(language):
    """timeline.told() gives a page's entries the reader's language and place separator, read once; their
    labels, dates and places are those each entry works out from the active language."""
    import dataclasses
    import datetime

    from sco_portal.core import timeline
    from sco_portal.core.dates import DatePrecision
    from tests.factories import CountryFactory

    country = CountryFactory(slug="kazakhstan", name="Kazakhstan", name_ru="Казахстан", name_zh_hans="哈萨克斯坦")
    EventFactory(city="Astana", city_ru="Астана", country=country, end_date=datetime.date(2031, 2, 3))
    EventFactory(date_precision=DatePrecision.MONTH, city="")
    CenterFactory(city="Tianjin", country=country)
    StatementFactory()
    shown = ("kind_label", "date_display", "month_label", "place")
    with translation.override(language):
        entries = timeline.to_entries(timeline.TimelinePage({}, limit=20)[0:20])
        assert len(entries) >= 4 and {entry.language for entry in entries} == {language}
        for entry in entries:
            untold = dataclasses.replace(entry, language="", separator="")
            assert [str(getattr(entry, name)) for name in shown] == [str(getattr(untold, name)) for name in shown]
