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
