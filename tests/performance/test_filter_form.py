"""The filter forms' selects and search box are written in Python (core.filters.PlainSelect, PlainSearchInput)
for speed: the HTML must be exactly what Django's own templates give, in every language, with any value selected
or rejected."""

import pytest
from django import forms
from django.utils import translation

from sco_portal.centers.filters import CenterFilterSet
from sco_portal.core.filters import PlainSearchInput, PlainSelect, TimelineFilterSet
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event
from sco_portal.statements.filters import StatementFilterSet

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"topic": "artificial-intelligence", "country": "kazakhstan", "year": "2025"},
    {"kind": "forum", "q": '<b>Tianjin</b> "summit"'},
    {"topic": "no-such-topic", "year": "abc", "kind": "<script>"},
    {"q": '"><script>alert(1)</script>', "topic": "energy"},
]


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
@pytest.mark.parametrize("filterset_class", [EventFilterSet, CenterFilterSet, StatementFilterSet, TimelineFilterSet])
def test_plain_select_writes_what_django_templates_write(demo_content, filterset_class, language):
    compared = 0
    with translation.override(language):
        for data in QUERIES:
            form = filterset_class(data or None, queryset=Event.objects.none()).form
            form.is_valid()
            for name, field in form.fields.items():
                bound = form[name]
                if isinstance(field.widget, PlainSelect):
                    django_widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
                elif isinstance(field.widget, PlainSearchInput):
                    django_widget = forms.TextInput(attrs={**field.widget.attrs, "type": "search"})
                else:
                    continue
                assert str(bound) == bound.as_widget(widget=django_widget)
                compared += 1
    assert compared >= 4 * len(QUERIES)


def test_options_kept_escaped_follow_a_renamed_topic_and_stay_bounded(demo_content, monkeypatch):
    """PlainSelect keeps each option's escaped markup by its value and label (core.filters._option): a renamed
    topic is shown by its new name at once, and the kept markup never grows past its bound."""
    from sco_portal.core import filters
    from sco_portal.taxonomy.models import Topic

    def topic_select():
        return str(TimelineFilterSet(None, queryset=Event.objects.none()).form["topic"])

    topic = Topic.objects.order_by("pk").first()
    assert f">{topic.name}</option>" in topic_select()
    topic.name = "Renamed <&> topic"
    topic.save()
    shown = topic_select()
    assert ">Renamed &lt;&amp;&gt; topic</option>" in shown
    monkeypatch.setattr(filters, "_MOST_OPTIONS", 5)
    filters._OPTIONS.clear()
    assert topic_select() == shown and len(filters._OPTIONS) <= 5


FIELDS_LOOP = """{% for field in form %}
    <div class="field">
      <label for="{{ field.id_for_label }}">{{ field.label }}</label>
      {{ field }}
    </div>
    {% endfor %}"""


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
@pytest.mark.parametrize("filterset_class", [EventFilterSet, CenterFilterSet, StatementFilterSet, TimelineFilterSet])
def test_filter_fields_writes_what_the_template_loop_writes(demo_content, filterset_class, language):
    """{% filter_fields form %} (core.templatetags.portal) writes each field as the loop it replaces in
    includes/filter_form.html did, hostile values and errors included."""
    from django.template import engines

    from sco_portal.core.templatetags.portal import filter_fields

    loop = engines["django"].from_string(FIELDS_LOOP)
    with translation.override(language):
        for data in QUERIES:
            form = filterset_class(data or None, queryset=Event.objects.none()).form
            form.is_valid()
            assert str(filter_fields(form)) == loop.render({"form": form})
