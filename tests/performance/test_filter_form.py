"""The filter forms' selects are written in Python (core.filters.PlainSelect) for speed: the HTML must be exactly
what Django's own templates give, in every language, with any value selected or rejected."""

import pytest
from django import forms
from django.utils import translation

from sco_portal.centers.filters import CenterFilterSet
from sco_portal.core.filters import PlainSelect, TimelineFilterSet
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event
from sco_portal.statements.filters import StatementFilterSet

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"topic": "artificial-intelligence", "country": "kazakhstan", "year": "2025"},
    {"kind": "forum", "q": '<b>Tianjin</b> "summit"'},
    {"topic": "no-such-topic", "year": "abc", "kind": "<script>"},
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
                if not isinstance(field.widget, PlainSelect):
                    continue
                bound = form[name]
                django_html = bound.as_widget(
                    widget=forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
                )
                assert str(bound) == django_html
                compared += 1
    assert compared >= 3 * len(QUERIES)
