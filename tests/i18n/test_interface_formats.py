"""Dates, numbers and plural forms in the reader's language."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from sco_portal.core.dates import DatePrecision, format_partial, format_span
from sco_portal.core.timeline import activity_chart
from sco_portal.events.models import EventKind
from tests.factories import EventFactory


@pytest.fixture(autouse=True)
def _default_language_around_each_test():
    """A request leaves its language active in the thread; the next test starts in English again."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.mark.parametrize(
    ("language", "month", "day", "year", "span"),
    [
        ("en", "May 2025", "June 12, 2025", "2018", "June 12, 2025 – June 14, 2025"),
        ("ru", "май 2025 г.", "12 июня 2025 г.", "2018 г.", "12 июня 2025 г. – 14 июня 2025 г."),
        ("zh-hans", "2025年5月", "2025年6月12日", "2018年", "2025年6月12日 – 2025年6月14日"),
    ],
)
def test_partial_dates_in_each_language(language, month, day, year, span):
    with translation.override(language):
        assert format_partial(datetime.date(2025, 5, 1), DatePrecision.MONTH) == month
        assert format_partial(datetime.date(2025, 6, 12), DatePrecision.DAY) == day
        assert format_partial(datetime.date(2018, 1, 1), DatePrecision.YEAR) == year
        assert format_span(datetime.date(2025, 6, 12), DatePrecision.DAY, datetime.date(2025, 6, 14)) == span


def test_russian_month_names_take_the_nominative_in_every_month():
    with translation.override("ru"):
        months = [format_partial(datetime.date(2025, m, 1), DatePrecision.MONTH) for m in range(1, 13)]
    assert months[0] == "январь 2025 г." and months[4] == "май 2025 г." and months[11] == "декабрь 2025 г."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "month", "heading", "day", "year"),
    [
        ("", "May 2025", "May 2025", "June 12, 2025", "2001"),
        ("/ru", "май 2025 г.", "Май 2025 г.", "12 июня 2025 г.", "2001 г."),
        ("/zh-hans", "2025年5月", "2025年5月", "2025年6月12日", "2001年"),
    ],
)
def test_demo_dates_on_pages_in_each_language(client, demo_content, prefix, month, heading, day, year):
    train = client.get(f"{prefix}/events/tianjin-tashkent-cargo-train-2025/").content.decode()
    assert f'<time datetime="2025-05">{month}</time>' in train
    events = client.get(f"{prefix}/events/").content.decode()
    assert f'<time datetime="2025-05">{month}</time>' in events
    assert f'<time datetime="2025-06-12">{day}</time>' in events
    assert f'<time datetime="2001">{year}</time>' in events
    timeline = client.get(f"{prefix}/timeline/?kind=first_train").content.decode()
    assert f'<h3 class="timeline-month">{heading}</h3>' in timeline


def render_count(language, count):
    request = RequestFactory().get("/")
    context = {"paginator": SimpleNamespace(count=count), "request": request}
    with translation.override(language):
        return re.sub(r"\s+", " ", render_to_string("includes/active_filters.html", context), flags=re.ASCII)


@pytest.mark.parametrize(
    ("count", "russian"),
    [
        (1, "1 результат"),
        (2, "2 результата"),
        (4, "4 результата"),
        (5, "5 результатов"),
        (11, "11 результатов"),
        (12, "12 результатов"),
        (21, "21 результат"),
        (22, "22 результата"),
        (25, "25 результатов"),
        (101, "101 результат"),
        (111, "111 результатов"),
        (0, "0 результатов"),
    ],
)
def test_russian_result_counts_take_the_right_plural_form(count, russian):
    assert f'role="status"> {russian} </p>' in render_count("ru", count)


def test_result_counts_group_digits_the_way_each_language_does():
    assert "1,234 results" in render_count("en", 1234)
    assert "1\xa0234 результата" in render_count("ru", 1234)
    assert "共1234条结果" in render_count("zh-hans", 1234)
    assert "1 result" in render_count("en", 1) and "共1条结果" in render_count("zh-hans", 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "count", "russian", "chinese"),
    [
        (EventKind.SUMMIT, 1, "1 результат", "共1条结果"),
        (EventKind.FORUM, 3, "3 результата", "共3条结果"),
        (EventKind.MEETING, 5, "5 результатов", "共5条结果"),
    ],
)
def test_list_pages_count_results_in_the_readers_language(client, kind, count, russian, chinese):
    EventFactory.create_batch(count, kind=kind)
    assert russian in client.get(f"/ru/events/?kind={kind}").content.decode()
    assert chinese in client.get(f"/zh-hans/events/?kind={kind}").content.decode()


@pytest.mark.django_db
def test_search_counts_results_with_plural_forms(client):
    EventFactory.create_batch(2, title="Green corridor forum")
    assert "2 результата по запросу «corridor»" in client.get("/ru/search/?q=corridor").content.decode()
    assert "“corridor”共有2条结果" in client.get("/zh-hans/search/?q=corridor").content.decode()


def test_timeline_chart_describes_its_bars_with_plural_forms():
    with translation.override("ru"):
        bars = activity_chart({2025: {"event": 1, "center": 3, "statement": 5}, 2024: {"event": 22}})["bars"]
    assert [s["text"] for s in bars[1]["segments"]] == ["1 событие", "3 этапа инициатив", "5 заявлений"]
    assert [s["text"] for s in bars[0]["segments"]] == ["22 события"]
    with translation.override("en"):
        bars = activity_chart({2025: {"event": 1, "statement": 2}})["bars"]
    assert [s["text"] for s in bars[0]["segments"]] == ["1 event", "2 statements"]


@pytest.mark.django_db
def test_member_and_partner_counts_agree_with_their_numbers(client, demo_content):
    russian = client.get("/ru/countries/").content.decode()
    assert "Сегодня в ШОС 10 государств-членов и 17 партнёров — всего 27 стран." in russian
    chinese = client.get("/zh-hans/countries/").content.decode()
    assert "目前上合组织共有10个成员国和17个伙伴，合计27个国家。" in chinese
    english = client.get("/countries/").content.decode()
    assert "Today the SCO has 10 member states and 17 partners: 27 countries in all." in english


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/ru", "/zh-hans"])
def test_timeline_chart_geometry_is_never_localised(client, demo_content, prefix):
    """Russian writes 12,5 for 12.5; in an SVG attribute that would break the chart."""
    html = client.get(f"{prefix}/timeline/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    numbers = re.findall(r' (?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers


@pytest.mark.django_db
def test_dates_end_sentences_without_a_doubled_full_stop(client, demo_content):
    """Russian dates end in "г." ("23 ноября 2026 г."); no sentence may add another full stop."""
    for path in ("/ru/", "/ru/countries/", "/ru/countries/kazakhstan/", "/ru/timeline/"):
        assert "г.." not in client.get(path).content.decode(), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "separator"),
    [("", ", "), ("/ru", ", "), ("/zh-hans", "，")],
)
def test_places_are_joined_the_way_each_language_writes_them(client, demo_content, prefix, separator):
    """Venue, city and country: a comma and a space in English and Russian, a full-width comma in Chinese."""
    page = client.get(f"{prefix}/events/sco-summit-2025-tianjin/").content.decode()
    place = re.search(r"<dd>([^<]*)<a href=\"[^\"]*/countries/china/\">", page).group(1)
    assert place.count(separator) == 2, place
    if separator != ", ":
        assert ", " not in place
    with translation.override(prefix.strip("/") or "en"):
        assert f"{separator}" in EventFactory.build(city="X", country=None).place + separator
    listing = client.get(f"{prefix}/events/").content.decode()
    assert re.search(rf"· [^<·]+{re.escape(separator)}[^<·]+</", listing), "a list shows city and country"
