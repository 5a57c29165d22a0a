"""Choice labels and filter options come in the reader's language, translated once per language."""

import copy

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from sco_portal.core.filters import TimelineFilterSet, in_reader_language
from sco_portal.core.models import choice_label
from sco_portal.core.templatetags.rows import year_links
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event, EventKind


def test_a_choice_label_is_in_the_active_language_whichever_language_came_first():
    for language, forum in (("ru", "Форум"), ("en", "Forum"), ("ru", "Форум"), ("zh-hans", "论坛")):
        with translation.override(language):
            assert choice_label(Event, "kind", EventKind.FORUM) == forum
    assert choice_label(Event, "kind", "no-such-kind") == "no-such-kind"


def test_filter_options_are_translated_once_per_language_groups_included():
    choices = in_reader_language(
        lambda: [("all", gettext_lazy("All kinds")), (gettext_lazy("Events"), EventKind.choices)]
    )
    with translation.override("ru"):
        (everything, (group, kinds)) = choices()
        assert everything == ("all", "Все виды") and group == "События" and dict(kinds)["forum"] == "Форум"
        assert choices() is choices()  # made once per language, not for every form
    with translation.override("en"):
        assert choices()[1][0] == "Events" and dict(choices()[1][1])["forum"] == "Forum"
    assert all(type(label) is str for _value, label in choices()[1][1])  # no lazy label left to copy and translate


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", [EventFilterSet, TimelineFilterSet])
def test_the_kind_options_are_in_the_readers_language(filterset_class):
    for language, forum, groups in (("en", "Forum", "Events"), ("ru", "Форум", "События"), ("en", "Forum", "Events")):
        with translation.override(language):
            form = filterset_class(queryset=Event.objects.none()).form
            html = str(form["kind"])
            assert f'<option value="forum">{forum}</option>' in html
            assert (f'<optgroup label="{groups}">' in html) == (filterset_class is TimelineFilterSet)
            copied = copy.deepcopy(form.fields["kind"])
            assert list(copied.choices) == list(form.fields["kind"].choices)


def test_year_links_are_the_index_markup_escaped():
    html = year_links(
        [{"year": 2025, "count": 3, "href": "?topic=a&page=1"}, {"year": 2024, "count": 1, "href": '?q="x"'}]
    )
    assert html == (
        '<li><a href="?topic=a&amp;page=1#year-2025">2025</a> <span class="muted">(3)</span></li>'
        '<li><a href="?q=&quot;x&quot;#year-2024">2024</a> <span class="muted">(1)</span></li>'
    )


def test_a_place_is_joined_with_the_readers_separator_in_each_language():
    from sco_portal.core.translation import place

    for _ in range(2):  # and again, once each language's separator is kept
        with translation.override("en"):
            assert place("Hall", "", "Tianjin", "China") == "Hall, Tianjin, China"
        with translation.override("zh-hans"):
            assert place("会场", "天津", "中国") == "会场，天津，中国"
        with translation.override("ru"):
            assert place("Зал", None, "Тяньцзинь") == "Зал, Тяньцзинь"


@pytest.mark.django_db
def test_the_year_options_follow_the_calendar_and_every_form_shares_the_kind_options(monkeypatch):
    import copy
    import datetime

    from django.utils import timezone

    from sco_portal.core import filters

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 31))
    assert [value for value, _label in filters.year_choices][:3] == ["2028", "2027", "2026"]
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 1))
    years = list(filters.year_choices)
    assert years[0] == ("2029", "2029") and years[-1] == ("1996", "1996")
    assert '<option value="2029">2029</option>' in str(EventFilterSet(queryset=Event.objects.none()).form["year"])
    kinds = EventFilterSet.base_filters["kind"].extra["choices"]
    assert copy.deepcopy(kinds) is kinds  # a form's copy of its fields shares the options made once
